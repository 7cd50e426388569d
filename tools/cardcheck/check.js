#!/usr/bin/env node
// Parses Adaptive Cards with Microsoft's `adaptivecards` renderer and reports every error or
// warning it raises while parsing and validating.
//
// Usage: node check.js FILE.json   (or JSON on stdin)
// FILE holds one card, or an object mapping names to cards. Prints a JSON object
// {name: [{"phase": ..., "event": ..., "message": ...}, ...]} on stdout; exits 1 if any card
// has an issue, 2 on unreadable input.
"use strict";
const fs = require("fs");
const path = require("path");
const AC = require(path.join(__dirname, "node_modules/adaptivecards/dist/adaptivecards.js"));

const hostConfig = new AC.HostConfig(
  JSON.parse(fs.readFileSync(path.join(__dirname, "teams-light-host-config.json"), "utf8")),
);

function describe(event) {
  return {
    phase: AC.ValidationPhase[event.phase],
    event: AC.ValidationEvent[event.event],
    message: event.message,
  };
}

function check(json) {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const issues = [];
  for (let i = 0; i < context.eventCount; i++) issues.push(describe(context.getEventAt(i)));
  for (const issue of card.validateProperties().validationEvents) issues.push(describe(issue));
  return issues;
}

function main() {
  let input;
  try {
    const source = process.argv[2] ? fs.readFileSync(process.argv[2], "utf8") : fs.readFileSync(0, "utf8");
    input = JSON.parse(source);
  } catch (err) {
    process.stderr.write(`cardcheck: cannot read input: ${err.message}\n`);
    process.exit(2);
  }
  const cards = input && input.type === "AdaptiveCard" ? { card: input } : input;
  const report = {};
  let failed = false;
  for (const [name, json] of Object.entries(cards)) {
    report[name] = check(json);
    for (const issue of report[name]) {
      failed = true;
      process.stderr.write(`${name}: ${issue.phase} ${issue.event}: ${issue.message}\n`);
    }
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  process.exit(failed ? 1 : 0);
}

main();
