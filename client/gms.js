// The customer's side of the GMS Chat API v2 (what Genesys Widgets speak), with the same methods
// as GWS.ChatAPI, so the customer's page (/client/) can talk to either front: answers are turned
// into GWS shapes here (`Message` → `Text`, `Client` → `Customer`, the chat's state from
// `chatEnded` and who joined). A chat's credentials (userId, secureKey, alias) are kept in
// localStorage under its id, so a reload resumes it. Plain JavaScript, no dependencies.
"use strict";

(function (global) {
  const { GWSError } = global.GWS;
  const STORED = "gms.session.";

  /// Renames of the GMS wire (the server's GMSVocabulary, the other way round).
  const MESSAGE_TYPES = { Message: "Text" };
  const PARTY_TYPES = { Client: "Customer" };

  /// One POST, form-encoded (or multipart when `fields` is a FormData); throws GWSError with the
  /// GMS error's code and advice.
  async function post(url, fields, apiKey) {
    const multipart = fields instanceof FormData;
    const headers = { Accept: "application/json" };
    if (!multipart) headers["Content-Type"] = "application/x-www-form-urlencoded";  // FormData sets its boundary
    if (apiKey) headers.apikey = apiKey;
    let response;
    try {
      response = await fetch(url, { method: "POST", headers, body: multipart ? fields : new URLSearchParams(fields) });
    } catch (error) {
      throw new GWSError(`The server at ${new URL(url, location.href).origin} cannot be reached (${error.message}).`, { unreachable: true });
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
    if (!response.ok || !json || json.statusCode !== 0) {
      const error = json && json.errors && json.errors[0];
      const message = error ? `${error.advice} (GMS code ${error.code})` : `${response.status} ${response.statusText}`.trim();
      throw new GWSError(`POST ${new URL(url, location.href).pathname}: ${message}`, {
        status: response.status, statusCode: error ? (error.code === 404 ? 6 : error.code) : null,  // 6: GWS's "no such chat"
      });
    }
    return json;
  }

  class GMSChatAPI {
    /// `baseURL`: the GWS base URL setting (http://host:8888/api); the GMS front lives beside it,
    /// at http://host:8888/genesys/2/chat/SERVICE.
    constructor(baseURL, apiKey, service) {
      this.root = `${baseURL.replace(/\/+$/, "").replace(/\/api$/, "")}/genesys/2/chat/${encodeURIComponent(service || "customer-support")}`;
      this.apiKey = apiKey || "";
      this.chats = new Map();  // id -> { userId, secureKey, alias, ended, agentJoined }
    }

    session(id) {
      if (!this.chats.has(id)) {
        let stored = null;
        try { stored = JSON.parse(localStorage.getItem(STORED + id)); } catch (_) { stored = null; }
        if (!stored) throw new GWSError(`Chat ${id} was not started through GMS in this browser.`, { status: 404, statusCode: 6 });
        this.chats.set(id, { ...stored, ended: false, agentJoined: false });
      }
      return this.chats.get(id);
    }

    /// Notes what an answer says of the chat, and returns its messages in GWS's shape.
    absorb(id, answer) {
      const session = this.session(id);
      if (answer.alias) session.alias = answer.alias;
      if (answer.chatEnded) session.ended = true;
      const messages = (answer.messages || []).map((message) => ({
        ...message,
        type: MESSAGE_TYPES[message.type] || message.type,
        from: { ...message.from, participantId: String(message.from.participantId), type: PARTY_TYPES[message.from.type] || message.from.type },
        time: message.utcTime ? new Date(message.utcTime).toISOString() : undefined,
      }));
      for (const message of messages) {
        if (message.from.type === "Agent" && message.type === "ParticipantJoined") session.agentJoined = true;
      }
      return messages;
    }

    async requestChat(nickname, subject, userData) {
      const fields = { nickname, subject };
      for (const [key, value] of Object.entries(userData || {})) fields[`userData[${key}]`] = value;
      const answer = await post(this.root, fields, this.apiKey);
      const { userId, secureKey, alias } = answer;
      localStorage.setItem(STORED + answer.chatId, JSON.stringify({ userId, secureKey, alias }));
      this.chats.set(answer.chatId, { userId, secureKey, alias, ended: false, agentJoined: false });
      this.absorb(answer.chatId, answer);
      return { id: answer.chatId, statusCode: 0 };
    }

    async operation(id, name, extra = {}) {
      const { userId, secureKey, alias } = this.session(id);
      const answer = await post(`${this.root}/${encodeURIComponent(id)}/${name}`, { userId, secureKey, alias, ...extra }, this.apiKey);
      return { answer, messages: this.absorb(id, answer) };
    }
    async sendMessage(id, text) { await this.operation(id, "send", { message: text }); return { statusCode: 0 }; }
    async startTyping(id) { await this.operation(id, "startTyping"); return { statusCode: 0 }; }
    async stopTyping(id) { await this.operation(id, "stopTyping"); return { statusCode: 0 }; }
    async complete(id) {
      await this.operation(id, "disconnect");
      localStorage.removeItem(STORED + id);
      return { statusCode: 0 };
    }
    /// GetChat's `state`, from what the answers said: ended, agent joined, or waiting.
    async getChat(id) {
      const session = this.session(id);
      if (!session.ended) await this.operation(id, "refresh");
      const state = session.ended ? "Idle" : session.agentJoined ? "Chatting" : "WaitingForAgent";
      return { chat: { id, state }, statusCode: 0 };
    }
    /// Attaches a file (a File) to the chat: `file`, multipart, the credentials as fields before
    /// it, as Genesys Widgets send it. A refusal (size, count, total, type) throws with GMS's advice.
    async uploadFile(id, file) {
      const { userId, secureKey, alias } = this.session(id);
      const form = new FormData();
      for (const [name, value] of Object.entries({ userId, secureKey, alias })) form.append(name, value);
      form.append("file", file, file.name);
      this.absorb(id, await post(`${this.root}/${encodeURIComponent(id)}/file`, form, this.apiKey));
      return { statusCode: 0 };
    }
    /// `file/limits`: the file name extensions this chat may attach (`upload-file-types`), and
    /// whether it may attach any more (`upload-max-files` against what it used).
    async fileLimits(id) {
      const { answer } = await this.operation(id, "file/limits");
      const limits = (answer.messages && answer.messages[0] && answer.messages[0].userData) || {};
      return {
        types: (limits["upload-file-types"] || "").split(/[:,]/).filter(Boolean),
        left: Number(limits["upload-max-files"]) - Number(limits["used-upload-max-files"] || 0),
      };
    }
    /// Downloads a file of the chat through `file/{fileId}/download` and saves it: a POST with the
    /// chat's credentials in its body, so the secureKey never goes into a URL (nor into history
    /// or an access log), and the apikey header when one is set.
    saveFile(id, file) {
      const { userId, secureKey, alias } = this.session(id);
      const headers = { "Content-Type": "application/x-www-form-urlencoded" };
      if (this.apiKey) headers.apikey = this.apiKey;
      const url = `${this.root}/${encodeURIComponent(id)}/file/${encodeURIComponent(file.id)}/download`;
      return global.GWS.saveDownload(url, file.name, { method: "POST", headers, body: new URLSearchParams({ userId, secureKey, alias }) });
    }
    /// `refresh` from `index` (GMS's transcriptPosition).
    async transcript(id, index) {
      const { messages } = await this.operation(id, "refresh", { transcriptPosition: String(Math.max(1, index)) });
      return { messages, statusCode: 0 };
    }
  }

  global.GWS.GMSChatAPI = GMSChatAPI;
})(window);
