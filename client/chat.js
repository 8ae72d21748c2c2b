// The customer's page: start a chat, talk, see the agent's typing, end it. Resumes the same chat
// after a reload (its id is kept in localStorage) without showing any message twice: messages
// are drawn once each, by their transcript index.
"use strict";

(function () {
  const { ChatAPI, EmulatorAPI, TranscriptView, bindSettings, TypingNotifier, SerialQueue, poll, sendOnEnter } = window.GWS;
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 1000;         // GetTranscript and GetChat, about once a second
  const TYPING_IDLE_MS = 3000;  // SendStopTypingNotification after this long without a keystroke
  const STORED_CHAT = "gws.chat";

  let settings, api, emulator;

  // The chat on screen.
  let chat = null;              // { id, nickname, baseURL }
  let stopPolling = null;
  let state = null;
  const view = new TranscriptView($("transcript"));

  // Requests that change the chat go out one after another, in the order the person acted.
  const outbox = new SerialQueue(showError);
  // Typing notifications we send: started once, stopped after an idle pause or on send.
  const typing = new TypingNotifier((started) => {
    if (!chat) return;
    const id = chat.id;
    outbox.add(() => (started ? api.startTyping(id) : api.stopTyping(id)));
  }, TYPING_IDLE_MS);

  // MARK: errors

  function showError(error) {
    $("error").textContent = error && error.message ? error.message : String(error);
  }
  function clearError() { $("error").textContent = ""; }

  // MARK: settings

  function useSettings(newSettings) {
    settings = newSettings;
    api = settings.front === "gms"
      ? new window.GWS.GMSChatAPI(settings.baseURL, settings.apiKey, "customer-support")
      : new ChatAPI(settings.baseURL, settings.apiKey);
    emulator = new EmulatorAPI(settings.baseURL, settings.apiKey);
    // GMS serves the customer's files (file/{fileId}/download); GWS's customer API has no downloads.
    view.files = settings.front === "gms" ? { save: (file) => api.saveFile(chat.id, file) } : null;
  }

  // MARK: files (GMS only: GWS's customer API has none)

  /// Shows "Attach a file" while the chat is open, talks GMS and may attach more, limited to the
  /// types the server accepts.
  async function refreshAttach() {
    const label = $("attach-label");
    if (!chat || chat.front !== "gms" || state === "Idle") { label.hidden = true; return; }
    try {
      const limits = await api.fileLimits(chat.id);
      $("attach").accept = limits.types.map((type) => `.${type}`).join(",");
      label.hidden = limits.left <= 0;
    } catch (error) {
      label.hidden = true;
      showError(error);
    }
  }
  $("attach").addEventListener("change", () => {
    const file = $("attach").files[0];
    $("attach").value = "";
    if (!chat || !file) return;
    const id = chat.id;
    outbox.add(async () => {
      await api.uploadFile(id, file);
      clearError();
      await refresh();
      await refreshAttach();
    });
  });
  useSettings(bindSettings((newSettings) => {
    useSettings(newSettings);
    clearError();
    loadBots();
  }));

  // MARK: bots

  async function loadBots() {
    const select = $("bot");
    const chosen = select.value;
    select.replaceChildren(new Option("Server default", ""));
    try {
      const answer = await emulator.bots();
      for (const bot of answer.bots) {
        const label = bot.name === answer.default ? `${bot.name} (default)` : bot.name;
        select.append(new Option(label, bot.name));
      }
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
    } catch (error) {
      // Another GWS server has no emulator endpoints: the chat works, the bot is its own.
      if (!error.status || error.status !== 404) showError(error);
    }
  }

  // MARK: state on screen

  function setState(newState) {
    state = newState;
    const badge = $("state");
    badge.textContent = newState || "No chat";
    badge.className = `badge ${newState || ""}`;
    const open = newState && newState !== "Idle";
    $("message").disabled = !open;
    $("send").disabled = !open;
    $("end-chat").disabled = !open;
  }

  function showConversation(visible) {
    $("conversation").hidden = !visible;
    $("start").hidden = visible;
  }

  function renderTyping() { $("typing").textContent = view.typingText(); }

  // MARK: "Why?": which rule answered, from the emulator (never from the GWS answers)

  async function refreshWhy() {
    if (!$("why").checked || !chat) return;
    const missing = view.unexplained();
    if (!missing.length) return;
    try {
      const answer = await emulator.messages(chat.id, Math.min(...missing));
      for (const message of answer.messages) {
        if (message.from.type === "Agent" && message.type === "Text") view.explain(message.index, message.origin);
      }
    } catch (error) {
      showError(error.status === 404 && error.statusCode !== 6
        ? "Why? needs the emulator's /emulator/ endpoints, which this server does not have."
        : error);
    }
  }
  $("why").addEventListener("change", () => {
    view.setWhyVisible($("why").checked);
    refreshWhy();
  });

  // MARK: polling

  async function refresh() {
    if (!chat) return;
    const id = chat.id;
    try {
      const [transcript, info] = await Promise.all([api.transcript(id, view.nextIndex), api.getChat(id)]);
      if (!chat || chat.id !== id) return;
      view.drawAll(transcript.messages);
      renderTyping();
      setState(info.chat.state);
      clearError();
      await refreshWhy();
      if (info.chat.state === "Idle") finish();
    } catch (error) {
      if (error.status === 404 && error.statusCode === 6) {
        forget();
        showError(`${error.message} Start a new chat.`);
      } else {
        showError(error);
      }
    }
  }

  function follow(newChat) {
    chat = newChat;
    localStorage.setItem(STORED_CHAT, JSON.stringify(chat));
    view.reset();
    renderTyping();
    showConversation(true);
    $("chat-info").textContent = `Chat ${chat.id}`;
    if (stopPolling) stopPolling();
    stopPolling = poll(refresh, POLL_MS);
    refreshAttach();
  }

  /// The chat ended: keep its transcript on screen, stop polling, offer a new chat.
  function finish() {
    if (stopPolling) stopPolling();
    stopPolling = null;
    typing.cancel();
    $("attach-label").hidden = true;
    localStorage.removeItem(STORED_CHAT);
    $("start").hidden = false;
    $("start-chat").textContent = "Start chat";
  }

  /// The stored chat no longer exists on the server.
  function forget() {
    if (stopPolling) stopPolling();
    stopPolling = null;
    chat = null;
    localStorage.removeItem(STORED_CHAT);
    setState(null);
    showConversation(false);
  }

  // MARK: actions

  $("start").addEventListener("submit", async (event) => {
    event.preventDefault();
    const nickname = $("nickname").value.trim();
    const subject = $("subject").value.trim();
    const userData = {};
    for (const id of ["first-name", "last-name", "email"]) {
      const input = $(id);
      if (input.value.trim()) userData[input.name] = input.value.trim();
    }
    if ($("bot").value) userData.bot = $("bot").value;
    $("start-chat").disabled = true;
    try {
      const answer = await api.requestChat(nickname, subject, userData);
      clearError();
      follow({ id: answer.id, nickname, baseURL: settings.baseURL, front: settings.front });
      setState("WaitingForAgent");
      $("message").focus();
    } catch (error) {
      showError(error);
    } finally {
      $("start-chat").disabled = false;
    }
  });

  $("message").addEventListener("input", () => {
    if (!chat || state === "Idle") return;
    typing.changed($("message").value.length > 0);
  });

  sendOnEnter($("message"), $("compose"));

  $("compose").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!chat) return;
    const text = $("message").value;
    if (!text.trim()) return;
    $("message").value = "";
    typing.stop();
    const id = chat.id;
    outbox.add(async () => {
      await api.sendMessage(id, text);
      clearError();
      await refresh();
    });
  });

  $("end-chat").addEventListener("click", () => {
    if (!chat) return;
    typing.stop();
    const id = chat.id;
    outbox.add(async () => {
      await api.complete(id);
      await refresh();
      $("nickname").focus();
    });
  });

  // MARK: start up: resume the stored chat, if any

  setState(null);
  loadBots();
  const stored = (() => { try { return JSON.parse(localStorage.getItem(STORED_CHAT)); } catch (_) { return null; } })();
  if (stored && stored.id && stored.baseURL === settings.baseURL && (stored.front || "gws") === settings.front) {
    $("nickname").value = stored.nickname || "";
    follow(stored);
  }
})();
