"""A GMS Chat API v2 REST client (Tests/Browser/gms-client/index.html, written from Genesys's GMS
documentation) in headless Chromium, served from a second origin, against `gws-emulator serve`
with `--cors-origin` (credentialed CORS: `fetch(..., {credentials: "include"})` fails unless the
server answers with the page's origin and `Access-Control-Allow-Credentials: true`) and
`--api-key` (the `apikey` header makes every POST preflighted). Run by scripts/browser-test.sh.
"""

import functools
import http.server
import json
import os
import sys
import threading
import unittest
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages_test import WAIT, Emulator, Page, start_browser  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PAGE_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gms-client")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


class GMSClientFromAnotherOriginTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        handler = functools.partial(QuietHandler, directory=PAGE_FOLDER)
        cls.pages = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.pages.serve_forever, daemon=True).start()
        # `localhost` against the emulator's 127.0.0.1: another host and another port.
        cls.origin = f"http://localhost:{cls.pages.server_address[1]}"
        cls.emulator = Emulator("--cors-origin", cls.origin, "--api-key", "widget-key", "--bot", "last-character",
                                "--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0")
        cls.driver = start_browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.emulator.stop()
        cls.pages.shutdown()
        cls.pages.server_close()

    def open(self, apikey):
        data_url = f"{self.emulator.url}/genesys/2/chat/customer-support"
        self.driver.get(f"{self.origin}/index.html?dataURL={data_url}&apikey={apikey}")

    def items(self):
        return [(item.get_attribute("data-from"), item.get_attribute("data-type"), item.text)
                for item in self.driver.find_elements(By.CSS_SELECTOR, "#transcript li")]

    def wait_for(self, condition, what):
        WebDriverWait(self.driver, WAIT).until(lambda _: condition(), message=f"{what}; page: {self.items()} / {self.status()}")

    def status(self):
        return self.driver.find_element(By.ID, "status").text

    def gws(self, path):
        request = urllib.request.Request(f"{self.emulator.url}{path}", headers={"apikey": "widget-key"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def test_a_chat_from_another_origin_with_credentials_is_the_same_chat_for_GWS(self):
        self.open("widget-key")
        self.driver.find_element(By.CSS_SELECTOR, "#start button").click()
        self.wait_for(lambda: ("Agent", "ParticipantJoined") in [item[:2] for item in self.items()], "the agent joins")
        self.assertEqual(self.status(), "Chatting")
        self.assertIn(("Client", "ParticipantJoined", "Grace Hopper (Client, 1): ParticipantJoined"), self.items())

        self.driver.find_element(By.ID, "message").send_keys("Is the bug in relay 70?")
        self.driver.find_element(By.CSS_SELECTOR, "#compose button").click()
        self.wait_for(lambda: any(item[:2] == ("Agent", "Message") for item in self.items()), "the agent answers")
        messages = [item for item in self.items() if item[1] == "Message"]
        self.assertEqual(messages[0], ("Client", "Message", "Grace Hopper (Client, 1): Is the bug in relay 70?"))
        indices = [int(item.get_attribute("data-index")) for item in self.driver.find_elements(By.CSS_SELECTOR, "#transcript li")]
        self.assertEqual(indices, list(range(1, len(indices) + 1)), "each message once, in order")

        # The same chat through the GWS API.
        chat_id = self.driver.find_element(By.TAG_NAME, "body").get_attribute("data-chat-id")
        chat = self.gws(f"/api/v2/chats/{chat_id}")["chat"]
        self.assertEqual(chat["state"], "Chatting")
        self.assertIn("Grace Hopper", [participant["nickname"] for participant in chat["participants"]])
        texts = [message.get("text") for message in self.gws(f"/api/v2/chats/{chat_id}/messages?index=0")["messages"]]
        self.assertIn("Is the bug in relay 70?", texts)

        self.driver.find_element(By.ID, "end").click()
        self.wait_for(lambda: self.status() == "Chat ended", "the chat ends")
        self.assertEqual(self.gws(f"/api/v2/chats/{chat_id}")["chat"]["state"], "Idle")

    def test_a_wrong_api_key_is_refused_in_GMS_error_shape(self):
        self.open("not-the-key")
        self.driver.find_element(By.CSS_SELECTOR, "#start button").click()
        self.wait_for(lambda: self.status().startswith("401:"), "the refusal is shown")
        self.assertIn("apikey", self.status())
        self.assertEqual(self.items(), [])



class CustomerPageOverGMSTests(unittest.TestCase):
    """The customer's page (/client/) with its "API" setting on GMS. The server refuses GWS
    requests without `ContactCenterId` (which the page does not send), so the chat can only work
    through the GMS front."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator("--require-contact-center-id", "--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0")
        cls.driver = start_browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.emulator.stop()

    def test_the_customer_page_chats_through_GMS_and_resumes_after_a_reload(self):
        driver = self.driver
        driver.get(self.emulator.url + "/client/")
        driver.execute_script("localStorage.clear()")
        driver.get(self.emulator.url + "/client/")
        page = Page(driver)
        driver.find_element(By.CSS_SELECTOR, "#settings-panel summary").click()
        Select(page.named("combobox", "API")).select_by_value("gms")
        page.named("button", "Save settings").click()
        page.named("textbox", "Nickname").send_keys("Grace")
        page.named("textbox", "Subject").send_keys("Compilers")
        page.named("button", "Start chat").click()
        page.wait(lambda: "Roboto joined the chat" in page.text(), "the agent to join")
        page.wait(lambda: driver.find_element(By.ID, "state").text == "Chatting", "state Chatting")
        message = page.named("textbox", "Message")
        message.send_keys("Are you there?")
        message.send_keys(Keys.ENTER)
        page.wait(lambda: len(page.bubbles("agent")) == 1, "the agent's answer")
        self.assertEqual(page.bubbles("customer"), ["Are you there?"])
        answer = page.bubbles("agent")
        driver.refresh()
        page.wait(lambda: page.bubbles("agent") == answer, "the transcript after the reload")
        self.assertEqual(page.bubbles("customer"), ["Are you there?"])
        self.assertEqual(page.text().count("Grace joined the chat"), 1)
        page.named("button", "End chat").click()
        page.wait(lambda: driver.find_element(By.ID, "state").text == "Idle", "state Idle")
        self.assertIn("Grace left the chat", page.text())


if __name__ == "__main__":
    unittest.main()
