"""The web client (/client/) and the agent console (/agent/), driven in headless Chromium as a
person would use them: through the controls' accessible names, with the keyboard and clicks.

Each test class starts its own `gws-emulator serve` on a free port (port 0) with a temporary data
folder, and stops it at the end. Run by `make test` through scripts/browser-test.sh, which
installs Chromium, chromedriver and Selenium when they are missing.

    GWS_EMULATOR_BINARY=.build/debug/gws-emulator python -m unittest Tests/Browser/pages_test.py

SCREENSHOTS=DIR also saves a picture of each page (docs/web-pages.md's come from here).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("GWS_EMULATOR_BINARY", os.path.join(REPOSITORY, ".build", "debug", "gws-emulator"))
SCREENSHOTS = os.environ.get("SCREENSHOTS")
WAIT = 20  # seconds: the agent joins after 1 s, replies after up to 1 s, polls run every second


class Emulator:
    """`gws-emulator serve --port 0` in a temporary folder (so the pages come from the binary)."""

    def __init__(self, *arguments):
        self.folder = tempfile.mkdtemp(prefix="gws-browser-")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--host", "127.0.0.1", "--port", "0", "--data", self.folder,
             "--bots", os.path.join(REPOSITORY, "Bots"), "--log-level", "warning", *arguments],
            cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if "listening on " not in line:
            self.stop()
            raise RuntimeError(f"gws-emulator did not start: {line!r}")
        self.url = line.strip().split("listening on ", 1)[1]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_browser(width=1100, height=900, phone=False, downloads=None):
    """Headless Chromium; `downloads`: the folder downloads are saved to, without asking."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    if phone:  # a desktop window cannot be narrower than 500 px: emulate the phone's screen instead
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


class Page:
    """Finds controls the way a screen reader names them (the computed accessible name)."""

    def __init__(self, driver):
        self.driver = driver

    @staticmethod
    def settled(read):
        """`read()` again when the page re-rendered what it was reading (the chat list and the
        transcript are redrawn on every poll), so a read never fails on a redraw in between."""
        for _ in range(10):
            try:
                return read()
            except StaleElementReferenceException:
                time.sleep(0.05)
        return read()

    def named(self, role, name):
        """The one visible control with this role ("button", "textbox", "combobox", "switch")."""
        tags = {"button": "button", "textbox": "input,textarea", "combobox": "select", "switch": "input"}[role]
        found = self.settled(lambda: [e for e in self.driver.find_elements(By.CSS_SELECTOR, tags)
                 if e.is_displayed() and e.accessible_name.strip() == name and (e.aria_role or "") == role])
        if len(found) != 1:
            raise AssertionError(f"expected one visible {role} named {name!r}, found {len(found)}")
        return found[0]

    def wait(self, condition, message, timeout=WAIT):
        # StopIteration: a condition that picks with next() from a list the page has not filled yet.
        def check(_):
            try:
                return condition()
            except (NoSuchElementException, StaleElementReferenceException, AssertionError, StopIteration):
                return False
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(check)
        except TimeoutException:
            raise AssertionError(f"timed out waiting for {message}; page says: {self.text()[-1500:]!r}")

    def open_listed_chat(self, prefix):
        """Clicks the console's chat whose entry starts with `prefix`: found and clicked in one step,
        again when the list was redrawn (every poll) between finding the entry and clicking it."""
        def click():
            next(e for e in self.driver.find_elements(By.CSS_SELECTOR, "#chats button")
                 if e.is_displayed() and e.accessible_name.startswith(prefix)).click()
            return True
        self.wait(click, f"the chat {prefix!r} in the list")

    def text(self):
        return self.settled(lambda: self.driver.find_element(By.TAG_NAME, "body").text)

    def bubbles(self, kind):
        return self.settled(lambda: [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, f"#transcript .group.{kind} .bubble")])

    def shot(self, name):
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, name))


class CustomerPageTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator("--agent-join-delay", "1", "--reply-delay", "0.2-0.5", "--system-interval", "0")
        cls.driver = start_browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.emulator.stop()

    def setUp(self):
        self.driver.get(self.emulator.url + "/client/")
        self.driver.execute_script("localStorage.clear()")
        self.driver.get(self.emulator.url + "/client/")
        self.page = Page(self.driver)

    def start_chat(self, nickname, subject, bot=None):
        page = self.page
        page.wait(lambda: len(Select(page.named("combobox", "Bot")).options) > 1, "the bot list")
        page.named("textbox", "Nickname").send_keys(nickname)
        page.named("textbox", "Subject").send_keys(subject)
        page.named("textbox", "First name").send_keys("Ada")
        page.named("textbox", "Last name").send_keys("Lovelace")
        page.named("textbox", "Email").send_keys("ada@example.com")
        if bot:
            Select(page.named("combobox", "Bot")).select_by_value(bot)
        page.named("button", "Start chat").click()
        page.wait(lambda: page.named("textbox", "Message").is_enabled(), "the chat to start")
        self.assertFalse(page.driver.find_element(By.ID, "start").is_displayed(), "the start form stays on screen during the chat")

    def test_chat_with_the_default_bot_survives_a_reload_and_ends(self):
        page = self.page
        self.start_chat("James", "Question about relativity")
        page.wait(lambda: "Roboto joined the chat" in page.text(), "the agent to join")
        self.assertFalse(page.driver.find_element(By.ID, "attach-label").is_displayed(), "GWS has no file upload")
        page.wait(lambda: page.driver.find_element(By.ID, "state").text == "Chatting", "state Chatting")

        message = page.named("textbox", "Message")
        message.send_keys("Are you there?")
        message.send_keys(Keys.ENTER)  # the keyboard alone sends
        page.wait(lambda: page.bubbles("agent") == ["Good question..."], "the agent's answer")
        self.assertEqual(page.bubbles("customer"), ["Are you there?"])
        self.assertEqual(message.get_attribute("value"), "")

        page.named("button", "Send").click()  # empty box: nothing is sent
        message.send_keys("Thanks.")
        page.named("button", "Send").click()
        page.wait(lambda: page.bubbles("agent") == ["Good question...", "Ok."], "the second answer")
        self.assertEqual(page.bubbles("customer"), ["Are you there?", "Thanks."])  # one group per sender turn, in order

        page.named("switch", "Why?").click()
        page.wait(lambda: all("Why?" in e.text for e in page.driver.find_elements(By.CSS_SELECTOR, ".why")), "the Why? lines")
        page.shot("client.png")

        # Reload: the same chat comes back, each message once.
        page.driver.refresh()
        page.wait(lambda: page.bubbles("agent") == ["Good question...", "Ok."], "the transcript after the reload")
        self.assertEqual(page.bubbles("customer"), ["Are you there?", "Thanks."])
        self.assertEqual(page.text().count("Roboto joined the chat"), 1)
        time.sleep(2.5)  # a few more polls must not draw anything twice
        self.assertEqual(page.bubbles("agent"), ["Good question...", "Ok."])
        self.assertEqual(page.text().count("James joined the chat"), 1)

        page.named("button", "End chat").click()
        page.wait(lambda: page.driver.find_element(By.ID, "state").text == "Idle", "state Idle")
        self.assertIn("James left the chat", page.text())
        self.assertFalse(page.named("textbox", "Message").is_enabled())
        page.driver.refresh()  # an ended chat is not resumed
        page.named("button", "Start chat")
        self.assertFalse(page.driver.find_element(By.ID, "conversation").is_displayed())

    def test_a_bot_that_types_shows_typing_and_the_rule_that_answered(self):
        page = self.page
        self.start_chat("Chris", "Refund", bot="support")
        page.wait(lambda: "Sam is typing…" in page.driver.find_element(By.ID, "typing").text, "Sam's typing", timeout=WAIT)
        page.wait(lambda: any("I'm Sam" in text for text in page.bubbles("agent")), "Sam's greeting")
        page.wait(lambda: page.driver.find_element(By.ID, "typing").text == "", "typing to stop")
        page.named("switch", "Why?").click()
        page.wait(lambda: "Bots/support.rules:" in page.driver.find_element(By.CSS_SELECTOR, ".group.agent .why").text,
                  "the rule under Sam's greeting")

    def test_customer_typing_is_sent_once_and_stopped_on_send(self):
        page = self.page
        self.start_chat("Tess", "Typing")
        page.wait(lambda: "Roboto joined the chat" in page.text(), "the agent to join")
        message = page.named("textbox", "Message")
        for character in "Hello there!":
            message.send_keys(character)
        message.send_keys(Keys.ENTER)
        page.wait(lambda: page.bubbles("agent") == ["Neat."], "the answer")
        chat_id = page.driver.execute_script("return JSON.parse(localStorage.getItem('gws.chat')).id")
        kinds = page.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/api/v2/chats/' + arguments[0] + '/messages?index=0').then(r => r.json())
              .then(j => done(j.messages.filter(m => m.from.type === 'Customer').map(m => m.type)));
        """, chat_id)
        self.assertEqual(kinds, ["ParticipantJoined", "TypingStarted", "TypingStopped", "Text"])

    def test_an_idle_alert_is_shown_as_a_notice(self):
        page = self.page
        self.start_chat("Ida", "Idle")
        page.wait(lambda: "Roboto joined the chat" in page.text(), "the agent to join")
        chat_id = page.driver.execute_script("return JSON.parse(localStorage.getItem('gws.chat')).id")
        status = page.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/emulator/faults', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({operation: 'GetTranscript', kind: 'idle', times: 1, chat: arguments[0]})}).then(r => done(r.status));
        """, chat_id)
        self.assertIn(status, (200, 201))
        alert = "Chat session will be closed soon due to inactivity of chat participants."
        page.wait(lambda: alert in page.text(), "the idle alert (a Notice over GWS)")
        notices = page.settled(lambda: [e.text for e in page.driver.find_elements(By.CSS_SELECTOR, "#transcript .notice-text")])
        self.assertEqual(notices, [f"system: {alert}"])

    def test_unreachable_server_and_refused_requests_are_shown_in_the_page(self):
        page = self.page
        page.driver.find_element(By.CSS_SELECTOR, "#settings-panel summary").click()
        base = page.named("textbox", "API base URL")
        base.clear()
        base.send_keys("http://127.0.0.1:9/api")  # the discard port: nothing listens
        base.send_keys(Keys.ENTER)
        page.named("textbox", "Nickname").send_keys("Nobody")
        page.named("textbox", "Subject").send_keys("Offline")
        page.named("button", "Start chat").click()
        page.wait(lambda: "cannot be reached" in page.driver.find_element(By.ID, "error").text, "the unreachable-server error")

        base = page.named("textbox", "API base URL")
        base.clear()
        base.send_keys(self.emulator.url + "/api")
        base.send_keys(Keys.ENTER)
        page.wait(lambda: page.driver.find_element(By.ID, "error").text == "", "the error to clear")
        page.named("textbox", "Subject").clear()
        page.named("textbox", "Subject").send_keys("   ")
        page.named("button", "Start chat").click()
        page.wait(lambda: page.driver.find_element(By.ID, "error").text != "", "the server's refusal")
        self.assertIn("subject", page.driver.find_element(By.ID, "error").text.lower())


class CustomerAndAgent(unittest.TestCase):
    """A customer's browser on /client/ and a person's on /agent/, with one emulator; a subclass's
    setUpClass calls open_browsers with the emulator's arguments."""

    @classmethod
    def open_browsers(cls, *emulator_arguments):
        cls.emulator = Emulator(*emulator_arguments)
        cls.customer_driver = start_browser()
        cls.agent_driver = start_browser(1280, 900)

    @classmethod
    def tearDownClass(cls):
        cls.customer_driver.quit()
        cls.agent_driver.quit()
        cls.emulator.stop()

    def pages(self):
        return Page(self.customer_driver), Page(self.agent_driver)

    def open_chat(self, customer, nickname, subject):
        """The customer opens /client/ and starts a chat with the server's default bot."""
        customer.driver.get(self.emulator.url + "/client/")
        customer.wait(lambda: len(Select(customer.named("combobox", "Bot")).options) > 1, "the bot list")
        customer.named("textbox", "Nickname").send_keys(nickname)
        customer.named("textbox", "Subject").send_keys(subject)
        customer.named("button", "Start chat").click()

    def chat_followed_in_console(self, nickname, subject):
        """A chat the customer started and the default bot joined, followed in the console."""
        customer, agent = self.pages()
        self.open_chat(customer, nickname, subject)
        customer.wait(lambda: "Roboto joined the chat" in customer.text(), "the agent to join")
        agent.driver.get(self.emulator.url + "/agent/")
        agent.open_listed_chat(f"{nickname} — {subject}")
        agent.wait(lambda: "Roboto joined the chat" in agent.text(), "the transcript in the console")
        return customer, agent

    @staticmethod
    def take_over(agent):
        """Takes the open chat over in the console: its message box opens."""
        agent.named("button", "Take over").click()
        agent.wait(lambda: agent.named("textbox", "Message").is_enabled(), "the message box after Take over")


class AgentConsoleTests(CustomerAndAgent):
    """A person takes a chat over in /agent/ and answers as the agent; the customer's page shows it."""

    @classmethod
    def setUpClass(cls):
        cls.open_browsers("--agent-join-delay", "1", "--reply-delay", "0.2-0.5", "--system-interval", "0")

    def test_take_over_answer_as_the_agent_and_hand_back(self):
        customer, agent = self.chat_followed_in_console("Grace", "Console")
        self.assertFalse(agent.named("textbox", "Message").is_enabled())  # the bot answers until taken over
        self.take_over(agent)
        self.assertEqual(agent.named("textbox", "Message").get_attribute("placeholder"), "Answer as Roboto")
        self.assertIn("taken over", agent.settled(lambda: agent.driver.find_element(By.ID, "chats").text))

        box = agent.named("textbox", "Message")
        box.send_keys("Hello, Grace: a person here")
        customer.wait(lambda: customer.driver.find_element(By.ID, "typing").text == "Roboto is typing…", "the person's typing on the customer's page")
        box.send_keys(Keys.ENTER)
        customer.wait(lambda: customer.bubbles("agent") == ["Hello, Grace: a person here"], "the person's message on the customer's page")
        customer.wait(lambda: customer.driver.find_element(By.ID, "typing").text == "", "the typing to stop")

        message = customer.named("textbox", "Message")
        message.send_keys("Are you there?")
        message.send_keys(Keys.ENTER)
        agent.wait(lambda: "Are you there?" in agent.bubbles("customer"), "the customer's question in the console")
        time.sleep(2)  # the bot would have answered by now (reply delay 0.2-0.5 s)
        self.assertEqual(customer.bubbles("agent"), ["Hello, Grace: a person here"])
        agent.shot("agent.png")

        agent.named("button", "Hand back").click()
        agent.wait(lambda: not agent.named("textbox", "Message").is_enabled(), "the message box to close after Hand back")
        message.send_keys("Thanks!")
        message.send_keys(Keys.ENTER)
        customer.wait(lambda: customer.bubbles("agent") == ["Hello, Grace: a person here", "Neat."], "the bot's answer after Hand back")

        agent.named("button", "End chat").click()
        customer.wait(lambda: customer.driver.find_element(By.ID, "state").text == "Idle", "the chat to end")
        self.assertIn("Roboto left the chat", customer.text())
        agent.wait(lambda: "Grace" not in agent.driver.find_element(By.ID, "chats").text, "the chat to leave the open list")


class TransferAndConferenceTests(CustomerAndAgent):
    """The console's Transfer, Invite, Invite supervisor and Dismiss buttons, as the customer sees
    them: the agent leaving, another (a bot of the folder) joining under its nickname and
    answering, a second agent and a supervisor joining and leaving."""

    @classmethod
    def setUpClass(cls):
        cls.open_browsers("--agent-join-delay", "1", "--reply-delay", "0.2-0.5", "--system-interval", "0")

    def test_transfer_invite_and_dismiss_from_the_console(self):
        customer, agent = self.chat_followed_in_console("Ada", "Conference")
        colleague = agent.named("textbox", "Agent name")

        def ask(name, button):
            colleague.clear()
            colleague.send_keys(name)
            agent.named("button", button).click()

        def lines():
            return customer.settled(lambda: [e.text for e in customer.driver.find_elements(By.CSS_SELECTOR, "#transcript > .notice")])

        ask("support", "Transfer")
        customer.wait(lambda: "Sam joined the chat" in lines(), "Sam to join after the transfer")
        self.assertEqual(lines()[-2:], ["Roboto left the chat", "Sam joined the chat"])
        customer.wait(lambda: any("I'm Sam" in text for text in customer.bubbles("agent")), "Sam's greeting")
        agent.wait(lambda: agent.driver.find_element(By.ID, "chat-bot").text == "Bot support answers as Sam", "the console to name the new bot")

        ask("Pat", "Invite")
        customer.wait(lambda: lines()[-1] == "Pat joined the chat", "the invited agent to join")
        ask("Dana", "Invite supervisor")
        customer.wait(lambda: lines()[-1] == "Dana joined the chat", "the supervisor to join")
        ask("Dana", "Dismiss")
        customer.wait(lambda: lines()[-1] == "Dana left the chat", "the supervisor to leave")
        ask("Pat", "Dismiss")
        customer.wait(lambda: lines()[-1] == "Pat left the chat", "the invited agent to leave")
        self.assertEqual(customer.driver.find_element(By.ID, "state").text, "Chatting")
        self.assertEqual(agent.driver.find_element(By.ID, "error").text, "")

        # What the customer's client was sent: who joined and left, and as what.
        chat_id = customer.driver.execute_script("return JSON.parse(localStorage.getItem('gws.chat')).id")
        staff = customer.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/api/v2/chats/' + arguments[0] + '/messages?index=0').then(r => r.json())
              .then(j => done(j.messages.filter(m => m.type.startsWith('Participant') && m.from.type !== 'Customer' && m.from.type !== 'External')
                                        .map(m => `${m.type} ${m.from.nickname} ${m.from.type}`)));
        """, chat_id)
        self.assertEqual(staff, [
            "ParticipantJoined Roboto Agent", "ParticipantLeft Roboto Agent", "ParticipantJoined Sam Agent",
            "ParticipantJoined Pat Agent", "ParticipantJoined Dana Supervisor", "ParticipantLeft Dana Supervisor",
            "ParticipantLeft Pat Agent",
        ])

        # Sam, the bot the chat went to, still answers.
        message = customer.named("textbox", "Message")
        before = len(customer.bubbles("agent"))
        message.send_keys("Thank you, bye")
        message.send_keys(Keys.ENTER)
        customer.wait(lambda: len(customer.bubbles("agent")) > before, "Sam's answer after the conference")


class FileDownloadTests(unittest.TestCase):
    """A file a GMS customer attached, downloaded in a browser with an API key set on the server:
    from /agent/ (the link sends no apikey header, so the page fetches with it) and from /client/
    talking GMS (through file/{fileId}/download with the chat's credentials in a POST body)."""

    API_KEY = "browser-test-key"
    CONTENT = b"line one\nline two\n\x00\xff binary too\n"

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator("--api-key", cls.API_KEY, "--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0")
        cls.downloads = tempfile.mkdtemp(prefix="gws-browser-downloads-")
        cls.driver = start_browser(1280, 900, downloads=cls.downloads)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.emulator.stop()
        shutil.rmtree(cls.downloads, ignore_errors=True)

    def setUp(self):
        for name in os.listdir(self.downloads):
            os.remove(os.path.join(self.downloads, name))
        self.page = Page(self.driver)

    def gms(self, path, body, content_type="application/x-www-form-urlencoded"):
        request = urllib.request.Request(f"{self.emulator.url}/genesys/2/chat/customer-support{path}", data=body,
                                         headers={"Content-Type": content_type, "apikey": self.API_KEY})
        with urllib.request.urlopen(request, timeout=WAIT) as answer:
            return json.loads(answer.read())

    def upload(self, chat_id, credentials, name):
        boundary = "browser-test-boundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                 for key, value in credentials.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     f"Content-Type: text/plain\r\n\r\n".encode() + self.CONTENT + b"\r\n")
        self.gms(f"/{chat_id}/file", b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}")

    def settings(self, front=None, api_key=API_KEY):
        """Types the API key into the page's Settings (and chooses the API) and saves them."""
        page = self.page
        if not page.driver.find_element(By.CSS_SELECTOR, "details").get_attribute("open"):
            page.driver.find_element(By.CSS_SELECTOR, "details summary").click()
        key = page.named("textbox", "API key")
        key.clear()
        key.send_keys(api_key)
        if front:
            Select(page.named("combobox", "API")).select_by_value(front)
        page.named("button", "Save settings").click()

    def downloaded(self, name):
        """The bytes of the download `name`, once the browser has finished writing it."""
        path = os.path.join(self.downloads, name)
        self.page.wait(lambda: os.path.exists(path) and not any(n.endswith(".crdownload") for n in os.listdir(self.downloads)),
                       f"{name} in the downloads folder")
        with open(path, "rb") as file:
            return file.read()

    def test_the_console_downloads_an_attached_file_with_the_api_key(self):
        chat = self.gms("", urllib.parse.urlencode({"nickname": "Ada", "subject": "Files"}).encode())
        self.upload(chat["chatId"], {name: chat[name] for name in ("userId", "secureKey", "alias")}, "notes.txt")

        page = self.page
        page.driver.get(self.emulator.url + "/agent/")
        page.driver.execute_script("localStorage.clear()")
        page.driver.get(self.emulator.url + "/agent/")
        self.settings()
        page.open_listed_chat("Ada — Files")
        page.wait(lambda: f"Ada sent the file notes.txt ({len(self.CONTENT)} bytes)" in page.text(), "the file's notice")
        link = page.settled(lambda: page.driver.find_element(By.CSS_SELECTOR, "#transcript .notice.file a"))
        self.assertEqual(link.text, "notes.txt")
        href = link.get_attribute("href")
        self.assertNotIn(self.API_KEY, href)
        # The address alone is refused: the key is needed, and the click sends it in the header.
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(href, timeout=WAIT)
        self.assertEqual(refused.exception.code, 401)
        refused.exception.close()
        link.click()
        self.assertEqual(self.downloaded("notes.txt"), self.CONTENT)
        self.assertEqual(page.driver.find_element(By.ID, "error").text, "")

        # With a wrong key the download is refused, and the console says so beside the file.
        self.settings(api_key="not-the-key")
        link.click()
        page.wait(lambda: page.driver.find_element(By.CSS_SELECTOR, "#transcript .file-error").text
                  == "Downloading notes.txt failed: The 'apikey' header is wrong.", "the refused download's reason")
        self.assertEqual(os.listdir(self.downloads), ["notes.txt"])

    def test_the_customer_page_over_gms_attaches_and_downloads_a_file(self):
        page = self.page
        page.driver.get(self.emulator.url + "/client/")
        page.driver.execute_script("localStorage.clear()")
        page.driver.get(self.emulator.url + "/client/")
        self.settings(front="gms")
        page.named("textbox", "Nickname").send_keys("Grace")
        page.named("textbox", "Subject").send_keys("Receipt")
        page.named("button", "Start chat").click()
        page.wait(lambda: "Roboto joined the chat" in page.text(), "the agent to join over GMS")

        # The customer attaches a file on the page (GMS's `file` upload), limited to the server's types.
        page.wait(lambda: page.driver.find_element(By.ID, "attach-label").is_displayed(), "Attach a file")
        attach = page.driver.find_element(By.ID, "attach")
        self.assertEqual(attach.accessible_name, "Attach a file")
        self.assertEqual(attach.get_attribute("accept"), ".bmp,.gif,.jpeg,.jpg,.pdf,.png,.txt")
        folder = tempfile.mkdtemp(prefix="gws-browser-upload-")
        self.addCleanup(shutil.rmtree, folder, True)
        with open(os.path.join(folder, "receipt.txt"), "wb") as file:
            file.write(self.CONTENT)
        attach.send_keys(os.path.join(folder, "receipt.txt"))
        page.wait(lambda: f"Grace sent the file receipt.txt ({len(self.CONTENT)} bytes)" in page.text(), "the file's notice")
        control = page.named("button", "receipt.txt")
        self.assertFalse(page.driver.find_elements(By.CSS_SELECTOR, "#transcript a[href*='secureKey']"))
        control.click()
        self.assertEqual(self.downloaded("receipt.txt"), self.CONTENT)
        self.assertEqual(page.driver.find_element(By.ID, "error").text, "")

        # Deleted (here by another client of the same chat): its name stops being a button.
        chat_id = page.driver.execute_script("return JSON.parse(localStorage.getItem('gws.chat')).id")
        credentials = page.driver.execute_script("return JSON.parse(localStorage.getItem('gms.session.' + arguments[0]))", chat_id)
        refresh = self.gms(f"/{chat_id}/refresh", urllib.parse.urlencode({**credentials, "transcriptPosition": "1"}).encode())
        file_id = next(m["userData"]["file-id"] for m in refresh["messages"] if m["type"] == "FileUploaded")
        self.gms(f"/{chat_id}/file/{file_id}/delete", urllib.parse.urlencode(credentials).encode())
        page.wait(lambda: "Grace deleted the file receipt.txt" in page.text(), "the deletion's notice")
        page.wait(lambda: not page.driver.find_elements(By.CSS_SELECTOR, "#transcript .file-link"), "the button to go")
        self.assertIn(f"Grace sent the file receipt.txt ({len(self.CONTENT)} bytes)", page.text())


class WebhookBotTests(CustomerAndAgent):
    """The 30-line Python webhook bot (Examples/bots/echo_webhook.py) drives a chat in the web
    client; when it hands the chat over, the agent console shows the chat first with a badge."""

    @classmethod
    def setUpClass(cls):
        cls.webhook = subprocess.Popen([sys.executable, os.path.join(REPOSITORY, "Examples", "bots", "echo_webhook.py"), "0"],
                                       stdout=subprocess.PIPE, text=True)
        url = cls.webhook.stdout.readline().strip().split("listening on ", 1)[1]
        cls.open_browsers("--bot", "webhook:" + url, "--agent-join-delay", "1", "--reply-delay", "0.2-0.5", "--system-interval", "0")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.webhook.terminate()
        cls.webhook.wait(timeout=10)
        cls.webhook.stdout.close()

    def test_the_webhook_answers_and_hands_over_to_a_person(self):
        customer, agent = self.pages()
        self.open_chat(customer, "Ada", "Webhook")
        customer.wait(lambda: any("Hi Ada!" in text for text in customer.bubbles("agent")), "the webhook's greeting")
        message = customer.named("textbox", "Message")
        message.send_keys("hello")
        message.send_keys(Keys.ENTER)
        customer.wait(lambda: "1: hello" in customer.bubbles("agent"), "the webhook's echo, counted in its memory")
        message.send_keys("again")
        message.send_keys(Keys.ENTER)
        customer.wait(lambda: "2: again" in customer.bubbles("agent"), "the second echo")

        # A newer chat, which would be listed first if the handed-over one were not.
        newer = customer.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/api/v2/chats', {method: 'POST', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify({operationName: 'RequestChat', nickname: 'Zed', subject: 'Later'})})
              .then(r => r.json()).then(j => done(j.id));
        """)
        self.assertTrue(newer)
        message.send_keys("human")
        message.send_keys(Keys.ENTER)
        customer.wait(lambda: "Let me find a person for you." in customer.bubbles("agent"), "the hand-over message")

        agent.driver.get(self.emulator.url + "/agent/")
        first = lambda: agent.driver.find_elements(By.CSS_SELECTOR, "#chats li button")[0]
        agent.wait(lambda: first().accessible_name.startswith("Ada — Webhook") and "Zed" in agent.driver.find_element(By.ID, "chats").text,
                   "the handed-over chat first in the list")
        badge = agent.settled(lambda: first().find_element(By.CSS_SELECTOR, ".badge.needs-person"))
        self.assertEqual(badge.text, "Needs a person")
        self.assertTrue(badge.is_displayed())
        first().click()
        agent.wait(lambda: agent.driver.find_element(By.ID, "needs-person").is_displayed(), "the badge over the chat")
        agent.shot("agent-needs-person.png")
        self.take_over(agent)
        agent.wait(lambda: not agent.driver.find_element(By.ID, "needs-person").is_displayed(), "the badge to go once taken")
        box = agent.named("textbox", "Message")
        box.send_keys("Hi Ada, Pat here.")
        box.send_keys(Keys.ENTER)
        customer.wait(lambda: "Hi Ada, Pat here." in customer.bubbles("agent"), "the person's message")
        agent.named("button", "Hand back").click()
        customer.wait(lambda: "I am back. What else can I repeat?" in customer.bubbles("agent"), "the bot told it was handed back")


class PhoneLayoutTests(unittest.TestCase):
    def test_customer_page_fits_a_phone_screen(self):
        emulator = Emulator("--system-interval", "0")
        driver = start_browser(390, 844, phone=True)
        try:
            driver.get(emulator.url + "/client/")
            width = driver.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 390, "the page scrolls sideways on a phone")
            page = Page(driver)
            page.named("button", "Start chat")
            page.shot("client-phone.png")
        finally:
            driver.quit()
            emulator.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
