import { describe, expect, it } from "vitest";
import { authenticateMessage, parseFrameMessage, themeMessage } from "./protocol.js";

const envelope = { source: "switchyard", version: 1 };

describe("parseFrameMessage", () => {
  it("reads every message type the frame sends", () => {
    expect(parseFrameMessage({ ...envelope, type: "hello" })).toEqual({ type: "hello" });
    expect(parseFrameMessage({ ...envelope, type: "hello", reply: true })).toEqual({ type: "hello", reply: true });
    expect(parseFrameMessage({ ...envelope, type: "ready" })).toEqual({ type: "ready" });
    expect(parseFrameMessage({ ...envelope, type: "signedIn" })).toEqual({ type: "signedIn" });
    expect(parseFrameMessage({ ...envelope, type: "close" })).toEqual({ type: "close" });
    expect(parseFrameMessage({ ...envelope, type: "resize", height: 640 })).toEqual({ type: "resize", height: 640 });
    expect(parseFrameMessage({ ...envelope, type: "error", code: "unauthorized", message: "Token expired" })).toEqual({
      type: "error",
      code: "unauthorized",
      message: "Token expired",
    });
    expect(parseFrameMessage({ ...envelope, type: "event", name: "instance.deployed", payload: { instanceId: "i1" } })).toEqual({
      type: "event",
      name: "instance.deployed",
      payload: { instanceId: "i1" },
    });
    const reconnect = {
      instanceId: "i1",
      integrationKey: "github-slack",
      connectionKey: "github",
      connector: "github",
      reason: "GitHub no longer accepts this connection's refresh token (invalid_grant)",
    };
    expect(parseFrameMessage({ ...envelope, type: "event", name: "connection.needsReconnect", payload: reconnect })).toEqual({
      type: "event",
      name: "connection.needsReconnect",
      payload: reconnect,
    });
  });

  it("ignores other senders, other versions, unknown types and malformed fields", () => {
    for (const data of [
      null,
      "hello",
      { type: "hello" },
      { source: "switchyard-sdk", version: 1, type: "hello" },
      { ...envelope, version: 2, type: "hello" },
      { ...envelope, type: "navigate", to: "/" },
      { ...envelope, type: "event", name: "instance.deleted", payload: {} },
      { ...envelope, type: "event", name: "instance.deployed", payload: "i1" },
      { ...envelope, type: "error", message: "no code" },
      { ...envelope, type: "resize", height: -1 },
      { ...envelope, type: "resize", height: Number.POSITIVE_INFINITY },
      { ...envelope, type: "resize", height: "640px" },
    ]) {
      expect(parseFrameMessage(data)).toBeNull();
    }
  });
});

describe("SDK messages", () => {
  it("carry the SDK envelope, with the theme only when there is one", () => {
    expect(authenticateMessage("jwt")).toEqual({ source: "switchyard-sdk", version: 1, type: "authenticate", token: "jwt" });
    expect(authenticateMessage("jwt", { mode: "dark" })).toMatchObject({ theme: { mode: "dark" } });
    expect(themeMessage({ radius: 4 })).toEqual({ source: "switchyard-sdk", version: 1, type: "theme", theme: { radius: 4 } });
  });
});
