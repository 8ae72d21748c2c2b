// A small client of the GWS Chat API v2 and of the emulator's own /emulator/ endpoints, shared
// by the customer's page (/client/) and the agent console (/agent/). Plain JavaScript, no
// dependencies: the pages must work offline and without a build step.
"use strict";

(function (global) {
  /// An error a page shows to the person: what failed and why, in one sentence.
  class GWSError extends Error {
    constructor(message, { status = 0, statusCode = null, unreachable = false } = {}) {
      super(message);
      this.status = status;           // HTTP status, 0 when no answer came
      this.statusCode = statusCode;   // the GWS statusCode of an error body, if any
      this.unreachable = unreachable; // true when the server could not be reached at all
    }
  }

  /// Sends one request and returns the parsed JSON body; throws GWSError on any failure.
  async function request(url, { method = "GET", body = undefined, apiKey = "" } = {}) {
    const headers = { Accept: "application/json" };
    if (apiKey) headers.apikey = apiKey;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new GWSError(`The server at ${new URL(url, location.href).origin} cannot be reached (${error.message}).`, { unreachable: true });
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
    if (!response.ok || (json && typeof json.statusCode === "number" && json.statusCode !== 0)) {
      const message = json && json.statusMessage ? json.statusMessage : `${response.status} ${response.statusText}`.trim();
      throw new GWSError(`${method} ${new URL(url, location.href).pathname}: ${message}`, {
        status: response.status, statusCode: json ? json.statusCode : null,
      });
    }
    if (json === null) throw new GWSError(`${method} ${url}: the answer is not JSON.`, { status: response.status });
    return json;
  }

  /// Downloads a file with a request a link cannot make (an `apikey` header, or credentials in a
  /// POST body rather than in the URL) and saves it under `name`, as a link with `download` would.
  /// Throws GWSError with the server's reason (GWS `statusMessage` or GMS `advice`).
  async function saveDownload(url, name, { method = "GET", headers = {}, body = undefined } = {}) {
    let response;
    try {
      response = await fetch(url, { method, headers, body });
    } catch (error) {
      throw new GWSError(`The server at ${new URL(url, location.href).origin} cannot be reached (${error.message}).`, { unreachable: true });
    }
    if (!response.ok) {
      let reason = `${response.status} ${response.statusText}`.trim();
      try {
        const json = JSON.parse(await response.text());
        reason = json.statusMessage || (json.errors && json.errors[0] && json.errors[0].advice) || reason;
      } catch (_) { /* not JSON: the status says it */ }
      throw new GWSError(`Downloading ${name} failed: ${reason}`, { status: response.status });
    }
    const objectURL = URL.createObjectURL(await response.blob());
    const link = element("a");
    link.href = objectURL;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectURL), 60000);  // the download has its bytes by then
  }

  /// The customer side of GWS Chat API v2 against `baseURL` (such as http://host:8888/api).
  class ChatAPI {
    constructor(baseURL, apiKey) {
      this.baseURL = baseURL.replace(/\/+$/, "");
      this.apiKey = apiKey || "";
    }
    get chatsURL() { return `${this.baseURL}/v2/chats`; }
    chatURL(id) { return `${this.chatsURL}/${encodeURIComponent(id)}`; }

    requestChat(nickname, subject, userData) {
      const body = { operationName: "RequestChat", nickname, subject };
      if (userData && Object.keys(userData).length) body.userData = userData;
      return request(this.chatsURL, { method: "POST", body, apiKey: this.apiKey });
    }
    operation(id, operationName, extra = {}) {
      return request(this.chatURL(id), { method: "POST", body: { operationName, ...extra }, apiKey: this.apiKey });
    }
    sendMessage(id, text) { return this.operation(id, "SendMessage", { text }); }
    startTyping(id) { return this.operation(id, "SendStartTypingNotification"); }
    stopTyping(id) { return this.operation(id, "SendStopTypingNotification"); }
    complete(id) { return this.operation(id, "Complete"); }
    getChat(id) { return request(this.chatURL(id), { apiKey: this.apiKey }); }
    /// GetTranscript from `index` on (1-based; 0 returns every message).
    transcript(id, index) {
      return request(`${this.chatURL(id)}/messages?index=${index}`, { apiKey: this.apiKey });
    }
  }

  /// The emulator's own endpoints (bots, the agent console, which rule answered). They live
  /// beside the API's base URL: http://host:8888/api -> http://host:8888/emulator.
  class EmulatorAPI {
    constructor(baseURL, apiKey) {
      this.baseURL = EmulatorAPI.emulatorURL(baseURL);
      this.apiKey = apiKey || "";
    }
    static emulatorURL(apiBaseURL) {
      return apiBaseURL.replace(/\/+$/, "").replace(/\/api$/, "") + "/emulator";
    }
    bots() { return request(`${this.baseURL}/bots`, { apiKey: this.apiKey }); }
    chats() { return request(`${this.baseURL}/chats`, { apiKey: this.apiKey }); }
    /// The transcript with what GWS does not carry: time, and which rule answered.
    messages(id, index) {
      return request(`${this.baseURL}/chats/${encodeURIComponent(id)}/messages?index=${index}`, { apiKey: this.apiKey });
    }
    /// Where a file the customer attached downloads from: `/emulator/chats/{id}/files/{fileId}`.
    fileURL(id, fileID) {
      return `${this.baseURL}/chats/${encodeURIComponent(id)}/files/${encodeURIComponent(fileID)}`;
    }
    /// Downloads that file with the apikey header (a link cannot send it) and saves it.
    saveFile(id, file) {
      return saveDownload(this.fileURL(id, file.id), file.name, { headers: this.apiKey ? { apikey: this.apiKey } : {} });
    }
    operation(id, operationName, extra = {}) {
      return request(`${this.baseURL}/chats/${encodeURIComponent(id)}`, {
        method: "POST", body: { operationName, ...extra }, apiKey: this.apiKey,
      });
    }
  }

  /// Settings kept in the browser: the API base URL and the apikey.
  const Settings = {
    defaultBaseURL() { return `${location.origin}/api`; },
    load() {
      return {
        baseURL: localStorage.getItem("gws.baseURL") || Settings.defaultBaseURL(),
        apiKey: localStorage.getItem("gws.apiKey") || "",
        front: localStorage.getItem("gws.front") || "gws",  // "gms": the customer's page talks GMS
      };
    },
    save({ baseURL, apiKey, front }) {
      localStorage.setItem("gws.baseURL", baseURL.trim() || Settings.defaultBaseURL());
      localStorage.setItem("gws.apiKey", apiKey);
      if (front) localStorage.setItem("gws.front", front);
    },
  };

  /// Wires a settings form (API base URL, API key) to the stored settings; `onChange(settings)`
  /// runs after each save.
  function bindSettings(onChange) {
    const base = document.getElementById("base-url");
    const key = document.getElementById("api-key");
    const front = document.getElementById("api-front");  // the customer's page only
    const fill = () => {
      const current = Settings.load();
      base.value = current.baseURL;
      key.value = current.apiKey;
      if (front) front.value = current.front;
      return current;
    };
    document.getElementById("settings").addEventListener("submit", (event) => {
      event.preventDefault();
      Settings.save({ baseURL: base.value, apiKey: key.value, front: front ? front.value : undefined });
      onChange(fill());
    });
    return fill();
  }

  /// Calls `task` now and then every `interval` ms after each run finishes, so a slow server
  /// never gets overlapping polls. Returns a function that stops it.
  function poll(task, interval) {
    let stopped = false;
    let timer = null;
    const run = async () => {
      if (stopped) return;
      try { await task(); } finally { if (!stopped) timer = setTimeout(run, interval); }
    };
    run();
    return () => { stopped = true; clearTimeout(timer); };
  }

  /// An element with text content and a class; text is never parsed as HTML.
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /// Enter sends the form the text box belongs to; Shift+Enter (and Enter while an input method
  /// composes) adds a line, as in chat apps.
  function sendOnEnter(textBox, form) {
    textBox.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  /// A message's time as the page shows it (hours and minutes, local time).
  function clockTime(isoTime) {
    const date = isoTime ? new Date(isoTime) : new Date();
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }


  /// A transcript on screen: each message drawn once (by index), texts grouped by sender,
  /// join and leave notices, who of the agents is typing, and under each agent text the rule
  /// that answered ("Why?") when known.
  class TranscriptView {
    /// `typingFrom`: whose typing to show ("Agent" on the customer's page, "Customer" in the console).
    /// `explainsFromMessages`: the messages come from /emulator/ and carry their `origin`.
    /// `files`: how an attached file ({id, name, size}) downloads, or null when it cannot:
    /// `save(file)` fetches it with the page's credentials and saves it (a Promise), `url(file)`
    /// (optional) is a plain address for the link that holds no secret. Without `url` the file's
    /// name is a button. A failed download is said beside the file (polls clear the page's error
    /// line, not this); a deleted file's name stops being a link.
    constructor(container, { typingFrom = "Agent", explainsFromMessages = false, files = null } = {}) {
      this.container = container;
      this.files = files;
      this.explainsFromMessages = explainsFromMessages;
      this.typingFrom = typingFrom;
      this.whyVisible = false;
      this.reset();
    }
    reset() {
      this.container.replaceChildren();
      this.drawn = new Set();       // indices on screen
      this.nextIndex = 1;           // the first index not drawn yet
      this.lastGroup = null;        // { participantId, node }
      this.typing = new Map();      // participantId -> nickname of agents typing now
      this.whyNodes = new Map();    // index -> element under an agent text
      this.whyKnown = new Map();    // index -> explanation
      this.fileControls = new Map(); // file id -> the link or button that downloads it
      this.lastMessage = null;
    }
    static kindOf(participant) {
      switch (participant.type) {
        case "Customer": return "customer";
        case "Agent": return "agent";
        default: return "system";
      }
    }
    /// Draws the messages not drawn yet, keeping the view scrolled to the end if it was there.
    drawAll(messages) {
      const box = this.container;
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      for (const message of messages) this.draw(message);
      if (atBottom) box.scrollTop = box.scrollHeight;
    }
    draw(message) {
      if (this.drawn.has(message.index)) return;
      this.drawn.add(message.index);
      this.nextIndex = Math.max(this.nextIndex, message.index + 1);
      this.lastMessage = message;
      const from = message.from || {};
      const isAgent = from.type === "Agent";
      const showsTyping = from.type === this.typingFrom;
      switch (message.type) {
        case "Text": {
          if (!this.lastGroup || this.lastGroup.participantId !== from.participantId) {
            const group = element("div", `group ${TranscriptView.kindOf(from)}`);
            group.append(element("div", "who", message.time ? `${from.nickname} · ${clockTime(message.time)}` : from.nickname));
            this.container.append(group);
            this.lastGroup = { participantId: from.participantId, node: group };
          }
          const bubble = element("div", "bubble", message.text);
          bubble.dataset.index = message.index;
          this.lastGroup.node.append(bubble);
          if (showsTyping) this.typing.delete(from.participantId);
          if (isAgent) {
            const why = element("div", "why");
            why.hidden = !this.whyVisible;
            this.whyNodes.set(message.index, why);
            this.lastGroup.node.append(why);
            if (this.explainsFromMessages) this.explain(message.index, message.origin);
          }
          break;
        }
        case "ParticipantJoined":
        case "ParticipantLeft": {
          const verb = message.type === "ParticipantJoined" ? "joined" : "left";
          this.line(`${from.nickname} ${verb} the chat`);
          if (message.type === "ParticipantLeft") this.typing.delete(from.participantId);
          break;
        }
        case "FileUploaded":
        case "FileDeleted": {
          const file = TranscriptView.fileOf(message);
          const node = this.line(`${from.nickname || "?"} ${message.type === "FileUploaded" ? "sent the file" : "deleted the file"} `, "notice file");
          const downloadable = message.type === "FileUploaded" && file.id && this.files;
          node.append(downloadable ? this.fileControl(file) : file.name);
          if (Number.isFinite(file.size)) node.append(` (${TranscriptView.sizeText(file.size)})`);
          if (downloadable) node.append(this.fileControls.get(file.id).failure);
          if (message.type === "FileDeleted" && this.fileControls.has(file.id)) {
            this.fileControls.get(file.id).control.replaceWith(file.name);  // nothing left to download
            this.fileControls.delete(file.id);
          }
          break;
        }
        case "TypingStarted":
          // An agent's typing preview (the text typed so far) shows after the name.
          if (showsTyping) this.typing.set(from.participantId, message.text ? `${from.nickname} (${message.text})` : from.nickname);
          break;
        case "ParticipantRejoined":
          this.line(`${from.nickname} rejoined the chat`);
          break;
        case "TranscriptSaveDone":
          this.line("The transcript was saved");
          break;
        case "Notice":
        case "CustomNotice":
          this.line(`${from.nickname || "?"}: ${message.text || ""}`, "notice notice-text");
          break;
        case "NicknameUpdated":
          this.line(`${TranscriptView.kindOf(from) === "customer" ? "The customer" : "A participant"} is now called ${message.text || from.nickname}`);
          break;
        case "IdleAlert":
        case "IdleClose":
          this.line(message.text || (message.type === "IdleAlert" ? "The chat will be closed soon for inactivity" : "The chat was closed for inactivity"), "notice idle");
          break;
        case "PushUrl": {
          // A link only for web addresses; anything else is shown as text, never followed.
          const node = this.line(`${from.nickname || "?"} shared a page: `, "notice pushed");
          const url = message.text || "";
          if (/^https?:\/\//i.test(url)) {
            const link = element("a", null, url);
            link.href = url;
            link.target = "_blank";
            link.rel = "noopener noreferrer";
            node.append(link);
          } else {
            node.append(url);
          }
          break;
        }
        case "TypingStopped":
          if (showsTyping) this.typing.delete(from.participantId);
          break;
        default:  // a type this page does not know: shown plainly, by name, with its text if any
          this.line(`${message.type} from ${from.nickname || "?"}` + (message.text ? `: ${message.text}` : ""));
      }
    }
    /// The link (or, without a plain address, the button) that downloads `file`: the click
    /// fetches it with the page's credentials (a link alone sends none) and saves it; a failure
    /// is said in the span kept beside it.
    fileControl(file) {
      const url = this.files.url ? this.files.url(file) : null;
      const control = element(url ? "a" : "button", "file-link", file.name);
      if (url) {
        control.href = url;
        control.download = file.name;
      } else {
        control.type = "button";
      }
      const failure = element("span", "file-error");
      failure.setAttribute("role", "status");
      control.addEventListener("click", (event) => {
        event.preventDefault();
        failure.textContent = "";
        this.files.save(file).catch((error) => { failure.textContent = ` ${error.message || error}`; });
      });
      this.fileControls.set(file.id, { control, failure });
      return control;
    }
    /// The file a FileUploaded / FileDeleted message is about, from /emulator/'s `file`, GMS's
    /// `userData` (file-id, file-name, file-size) or, on GWS, the name in `text`.
    static fileOf(message) {
      if (message.file) return { id: message.file.id, name: message.file.name, size: message.file.size };
      const data = message.userData || {};
      if (data["file-id"]) return { id: data["file-id"], name: data["file-name"] || data["file-id"], size: Number(data["file-size"]) };
      return { id: null, name: message.text || "a file", size: NaN };
    }
    static sizeText(bytes) {
      if (bytes < 1024) return `${bytes} bytes`;
      if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
      return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    }
    /// A line between the bubbles (a notice), returned so a link can be added to it; ends the
    /// current group of texts.
    line(text, className = "notice") {
      const node = element("div", className, text);
      this.container.append(node);
      this.lastGroup = null;
      return node;
    }
    /// "NAME is typing…" for those typing now, or "".
    typingText() {
      const names = [...this.typing.values()];
      return names.length ? `${names.join(", ")} is typing…` : "";
    }
    /// Shows under agent text `index` which rule answered (`origin` from /emulator/, or null).
    explain(index, origin) {
      const text = origin
        ? [origin.source, origin.rule].filter(Boolean).join(" · ")
        : "no rule: typed by a person, or the bot named none";
      this.whyKnown.set(index, text);
      const node = this.whyNodes.get(index);
      if (node) node.textContent = `Why? ${text}`;
    }
    /// The indices of agent texts on screen whose rule is not known yet.
    unexplained() { return [...this.whyNodes.keys()].filter((index) => !this.whyKnown.has(index)); }
    setWhyVisible(visible) {
      this.whyVisible = visible;
      for (const node of this.whyNodes.values()) node.hidden = !visible;
    }
  }

  /// Typing notifications while a person types: "started" once, "stopped" after `idleMs` without
  /// a keystroke, when the box is emptied, or on send (call `stop()`).
  class TypingNotifier {
    constructor(send, idleMs = 3000) {
      this.send = send;      // (started: boolean) => void
      this.idleMs = idleMs;
      this.typing = false;
      this.timer = null;
    }
    /// Call on every input event, with whether the box still has text.
    changed(hasText) {
      if (!hasText) return this.stop();
      if (!this.typing) {
        this.typing = true;
        this.send(true);
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.stop(), this.idleMs);
    }
    stop() {
      clearTimeout(this.timer);
      this.timer = null;
      if (!this.typing) return;
      this.typing = false;
      this.send(false);
    }
    /// Forgets a typing state without sending anything (the chat is gone).
    cancel() {
      clearTimeout(this.timer);
      this.timer = null;
      this.typing = false;
    }
  }

  /// Runs tasks one after another, in the order they were given (so a stop-typing notification
  /// never overtakes the message it precedes); a failure goes to `onError` and the queue goes on.
  class SerialQueue {
    constructor(onError) { this.tail = Promise.resolve(); this.onError = onError; }
    add(task) {
      this.tail = this.tail.then(task).catch(this.onError);
      return this.tail;
    }
  }

  global.GWS = { GWSError, ChatAPI, EmulatorAPI, Settings, TranscriptView, TypingNotifier, SerialQueue, bindSettings, poll, element, clockTime, sendOnEnter, saveDownload };
})(window);
