// The agent console: the open chats, live; one chat's transcript as it happens; and a person as
// the agent: "Take over" stops the bot, messages typed here go out as participant "3" under the
// agent's nickname, "Hand back" returns the chat to the bot, "End chat" makes the agent leave.
// Everything goes through the emulator's /emulator/ endpoints.
"use strict";

(function () {
  const { EmulatorAPI, TranscriptView, TypingNotifier, SerialQueue, bindSettings, poll, element, sendOnEnter } = window.GWS;
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 1000;

  let emulator;
  let selected = null;      // the chat followed: its entry from /emulator/chats
  let chats = [];
  function showError(error) { $("error").textContent = error && error.message ? error.message : String(error); }
  const view = new TranscriptView($("transcript"), {
    typingFrom: "Customer", explainsFromMessages: true,
    // The link's address holds no secret; a click downloads with the apikey header.
    files: {
      url: (file) => emulator.fileURL(selected.id, file.id),
      save: (file) => emulator.saveFile(selected.id, file),
    },
  });
  view.setWhyVisible(true);

  function clearError() { $("error").textContent = ""; }

  const outbox = new SerialQueue(showError);
  const typing = new TypingNotifier((started) => {
    if (!selected) return;
    const id = selected.id;
    outbox.add(() => emulator.operation(id, started ? "SendStartTypingNotification" : "SendStopTypingNotification"));
  });

  const initial = bindSettings((settings) => {
    emulator = new EmulatorAPI(settings.baseURL, settings.apiKey);
    clearError();
  });
  emulator = new EmulatorAPI(initial.baseURL, initial.apiKey);

  // MARK: the list of open chats

  function describeLast(message) {
    if (!message) return "no messages yet";
    const who = message.from ? message.from.nickname : "?";
    switch (message.type) {
      case "Text": return `${who}: ${message.text}`;
      case "ParticipantJoined": return `${who} joined`;
      case "ParticipantLeft": return `${who} left`;
      case "TypingStarted": return `${who} is typing…`;
      case "TypingStopped": return `${who} stopped typing`;
      case "FileUploaded": return `${who} sent the file ${message.text}`;
      case "FileDeleted": return `${who} deleted the file ${message.text}`;
      case "PushUrl": return `${who} shared a page: ${message.text}`;
      case "Notice": case "CustomNotice": return `${who}: ${message.text}`;
      default: return `${message.type} from ${who}` + (message.text ? `: ${message.text}` : "");
    }
  }

  function renderList() {
    const list = $("chats");
    const focusedID = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.chat : null;
    list.replaceChildren();
    for (const chat of chats) {
      const item = element("li");
      const button = element("button");
      button.type = "button";
      button.dataset.chat = chat.id;
      button.setAttribute("aria-current", selected && selected.id === chat.id ? "true" : "false");
      const title = element("span", "title", `${chat.nickname} — ${chat.subject}`);
      if (chat.needsPerson) title.append(" ", element("span", "badge needs-person", "Needs a person"));
      button.append(
        title,
        element("span", "meta", `${chat.state} · bot ${chat.bot}${chat.takenOver ? " · taken over" : ""}`),
        element("span", "last", describeLast(chat.lastMessage)));
      button.addEventListener("click", () => open(chat.id));
      item.append(button);
      list.append(item);
      if (focusedID === chat.id) button.focus();
    }
    $("no-chats").hidden = chats.length > 0;
    $("summary").textContent = `${chats.length} open chat${chats.length === 1 ? "" : "s"}`;
  }

  async function refreshList() {
    try {
      const answer = await emulator.chats();
      chats = answer.chats;
      if (selected) {
        // The list holds open chats only: one that left it has ended.
        const fresh = chats.find((chat) => chat.id === selected.id);
        selected = fresh || { ...selected, state: "Idle", takenOver: false };
      }
      renderList();
      renderSelected();
      clearError();
    } catch (error) {
      showError(error);
    }
  }

  // MARK: the chat followed

  function renderSelected() {
    if (!selected) return;
    $("chat-title").textContent = `${selected.nickname} — ${selected.subject}`;
    $("chat-state").textContent = selected.state;
    $("chat-state").className = `badge ${selected.state}`;
    $("needs-person").hidden = !selected.needsPerson;
    $("chat-bot").textContent = selected.takenOver
      ? `You answer as ${selected.agentNickname}; bot ${selected.bot} paused`
      : `Bot ${selected.bot} answers as ${selected.agentNickname}`;
    const open = selected.state !== "Idle";
    $("take-over").disabled = !open || selected.takenOver;
    $("hand-back").disabled = !open || !selected.takenOver;
    $("end-chat").disabled = !open;
    $("message").disabled = !open || !selected.takenOver;
    $("message").placeholder = !open ? "The chat has ended"
      : selected.takenOver ? `Answer as ${selected.agentNickname}`
      : "Take the chat over to answer as the agent";
    $("send").disabled = !open || !selected.takenOver;
  }

  async function refreshTranscript() {
    if (!selected) return;
    const id = selected.id;
    try {
      const answer = await emulator.messages(id, view.nextIndex);
      if (!selected || selected.id !== id) return;
      view.drawAll(answer.messages);
      $("typing").textContent = view.typingText();
    } catch (error) {
      showError(error);
    }
  }

  let stopFollowing = null;
  function open(id) {
    const chat = chats.find((entry) => entry.id === id);
    if (!chat) return;
    if (selected && selected.id !== id) typing.cancel();
    selected = chat;
    view.reset();
    $("conversation").hidden = false;
    renderList();
    renderSelected();
    if (stopFollowing) stopFollowing();
    stopFollowing = poll(refreshTranscript, POLL_MS);
  }

  async function act(operationName, extra) {
    if (!selected) return;
    const id = selected.id;
    await outbox.add(async () => {
      await emulator.operation(id, operationName, extra);
      clearError();
      await refreshList();
      await refreshTranscript();
    });
  }

  $("take-over").addEventListener("click", async () => {
    await act("TakeOver");
    $("message").focus();
  });
  $("hand-back").addEventListener("click", () => { typing.stop(); act("HandBack"); });
  $("end-chat").addEventListener("click", () => { typing.stop(); act("EndChat"); });
  $("why").addEventListener("change", () => view.setWhyVisible($("why").checked));

  // Transfer and conference: the name in the box is a bot of the bots folder (it takes over) or a
  // person (the chat then waits for one); invited agents and supervisors can be dismissed again.
  function colleague() { return $("colleague").value.trim(); }
  $("transfer").addEventListener("click", () => { if (colleague()) { typing.stop(); act("Transfer", { to: colleague() }); } });
  $("invite").addEventListener("click", () => { if (colleague()) act("Invite", { name: colleague() }); });
  $("invite-supervisor").addEventListener("click", () => { if (colleague()) act("Invite", { name: colleague(), role: "Supervisor" }); });
  $("dismiss").addEventListener("click", () => { if (colleague()) act("Dismiss", { name: colleague() }); });

  $("message").addEventListener("input", () => typing.changed($("message").value.length > 0));
  sendOnEnter($("message"), $("compose"));
  $("compose").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message").value;
    if (!selected || !text.trim()) return;
    $("message").value = "";
    typing.stop();
    act("SendMessage", { text });
  });

  poll(refreshList, POLL_MS);
})();
