/**
 * Isolation cases of the alert and incident procedures: organization B knows the ids of A's rule,
 * channel and incident and can neither read, change, snooze nor delete them; A's SMTP settings
 * (tenant-world.ts) stay A's.
 */
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { db } from "@/server/db/client";
import { uuidv7 } from "@/server/db/uuid";
import { createAlertRule, smtpSettingsOf } from "@/server/modules/alerts/alerts.service";
import type { TenantWorld } from "../tenant-world";

type TenantCase = (w: TenantWorld) => Promise<void>;

interface AlertsOfA {
  ruleId: string;
  channelId: string;
  incidentId: string;
}

const made = new WeakMap<TenantWorld, Promise<AlertsOfA>>();

/** A's webhook channel, a rule notifying it, an open incident of that rule, and A's SMTP settings (made once per world). */
function alertsOfA(w: TenantWorld): Promise<AlertsOfA> {
  let pending = made.get(w);
  if (!pending) {
    pending = (async () => {
      // A's channel and SMTP settings come with the world; the rule is made through the service, not
      // A's recorded caller, as A's own answers are scanned for secrets too.
      const channel = { id: w.a.alertChannelId };
      const { id: ruleId } = await createAlertRule(w.a.organizationId, { name: "Victim failures", condition: "execution_failed", channelIds: [channel.id] });
      const incidentId = uuidv7();
      await db().incident.create({
        data: {
          id: incidentId,
          organizationId: w.a.organizationId,
          ruleId,
          subjectKey: `instance:${w.a.instanceId}`,
          title: "Victim incident",
          summary: "secret-ish summary of A",
        },
      });
      return { ruleId, channelId: channel.id, incidentId };
    })();
    made.set(w, pending);
  }
  return pending;
}

async function notFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call was expected to be refused").toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("NOT_FOUND");
}

async function refused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call was expected to be refused").toBeInstanceOf(TRPCError);
  expect(["NOT_FOUND", "BAD_REQUEST"]).toContain((error as TRPCError).code);
}

async function ruleOfA(id: string) {
  return db().alertRule.findUniqueOrThrow({ where: { id } });
}

export const alertCases: Record<string, TenantCase> = {
  "alerts.rules": async (w) => {
    const a = await alertsOfA(w);
    expect((await w.b.owner.alerts.rules()).map((r) => r.id)).not.toContain(a.ruleId);
  },
  "alerts.createRule": async (w) => {
    const a = await alertsOfA(w);
    // B cannot point its rule at A's channel or A's integration.
    await refused(w.b.owner.alerts.createRule({ name: "steal", condition: "execution_failed", channelIds: [a.channelId] }));
    await refused(w.b.owner.alerts.createRule({ name: "steal", condition: "deploy_failed", integrationId: w.a.integrationId }));
  },
  "alerts.updateRule": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.alerts.updateRule({ id: a.ruleId, rule: { name: "renamed", condition: "deploy_failed" } }));
    expect((await ruleOfA(a.ruleId)).name).toBe("Victim failures");
  },
  "alerts.setRuleEnabled": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.alerts.setRuleEnabled({ id: a.ruleId, enabled: false }));
    expect((await ruleOfA(a.ruleId)).enabled).toBe(true);
  },
  "alerts.deleteRule": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.alerts.deleteRule({ id: a.ruleId }));
    await ruleOfA(a.ruleId);
  },
  "alerts.channels": async (w) => {
    const a = await alertsOfA(w);
    expect((await w.b.owner.alerts.channels()).map((c) => c.id)).not.toContain(a.channelId);
  },
  "alerts.createChannel": async (w) => {
    const a = await alertsOfA(w);
    const created = await w.b.owner.alerts.createChannel({ kind: "email", name: "B's", recipients: ["ops@attacker.example"] });
    expect((await db().alertChannel.findMany({ where: { organizationId: w.a.organizationId } })).map((c) => c.id)).toEqual([a.channelId]);
    expect(created.channel.id).not.toBe(a.channelId);
  },
  "alerts.rotateChannelSecret": async (w) => {
    const a = await alertsOfA(w);
    const before = await db().alertChannel.findUniqueOrThrow({ where: { id: a.channelId } });
    await notFound(w.b.owner.alerts.rotateChannelSecret({ id: a.channelId }));
    expect((await db().alertChannel.findUniqueOrThrow({ where: { id: a.channelId } })).secretEncrypted).toBe(before.secretEncrypted);
  },
  "alerts.testChannel": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.alerts.testChannel({ id: a.channelId }));
  },
  "alerts.deleteChannel": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.alerts.deleteChannel({ id: a.channelId }));
    expect((await ruleOfA(a.ruleId)).channelIds).toEqual([a.channelId]);
  },
  "alerts.smtp": async (w) => {
    await alertsOfA(w);
    expect(await w.b.owner.alerts.smtp()).toBeNull();
  },
  "alerts.saveSmtp": async (w) => {
    await alertsOfA(w);
    await w.b.owner.alerts.saveSmtp({ host: "smtp.attacker.example", port: 25, security: "none", fromAddress: "x@attacker.example" });
    expect((await smtpSettingsOf(w.a.organizationId))?.host).toBe("smtp.victim.example");
    await w.b.owner.alerts.removeSmtp();
  },
  "alerts.removeSmtp": async (w) => {
    await alertsOfA(w);
    await w.b.owner.alerts.removeSmtp();
    expect((await smtpSettingsOf(w.a.organizationId))?.hasPassword).toBe(true);
  },
  "incidents.list": async (w) => {
    const a = await alertsOfA(w);
    expect((await w.b.owner.incidents.list({})).items.map((i) => i.id)).not.toContain(a.incidentId);
    expect((await w.b.owner.incidents.list({ ruleId: a.ruleId })).items).toEqual([]);
  },
  "incidents.get": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.incidents.get({ id: a.incidentId }));
  },
  "incidents.snooze": async (w) => {
    const a = await alertsOfA(w);
    await notFound(w.b.owner.incidents.snooze({ id: a.incidentId, hours: 24 }));
    expect((await db().incident.findUniqueOrThrow({ where: { id: a.incidentId } })).snoozedUntil).toBeNull();
  },
};
