import type { Argv } from 'yargs';
import { loadRules } from '../engine/load-rules.js';
import { sortRules } from '../engine/evaluate.js';
import { InputError } from '../util/errors.js';
import { nearest } from '../util/suggest.js';
import { renderRuleDoc } from '../docs/rule-doc.js';
import { emit } from './output.js';

export function rulesCommand(y: Argv) {
  return y
    .positional('action', {
      choices: ['list', 'show'],
      default: 'list',
      describe: "list the rules, or show one rule's documentation",
    })
    .positional('id', { type: 'string', describe: 'rule id (with show)' })
    .option('rules', {
      type: 'string',
      array: true,
      describe: 'directory of additional rule YAML files',
      requiresArg: true,
    })
    .option('format', { choices: ['text', 'json'], default: 'text', describe: 'output format of the list' })
    .example('$0 rules', 'every rule: id, level, mode, title')
    .example('$0 rules show okta/routing-rule-value-true', "one rule's documentation");
}

export async function runRules(args: {
  action?: string;
  id?: string;
  rules?: string[];
  format?: string;
}): Promise<number> {
  const rules = sortRules(loadRules(args.rules ?? []));
  if (args.action === 'show') {
    if (!args.id)
      throw new InputError('rules show needs a rule id', {
        hint: 'e.g. okta-bi-lint rules show okta/routing-rule-value-true',
      });
    const rule = rules.find((r) => r.id === args.id);
    if (!rule) {
      const near = nearest(
        args.id,
        rules.map((r) => r.id),
      );
      throw new InputError(`unknown rule id "${args.id}"`, {
        hint: near ? `did you mean "${near}"?` : 'run okta-bi-lint rules to list them',
      });
    }
    await emit(renderRuleDoc(rule));
    return 0;
  }
  if (args.format === 'json') {
    await emit(
      `${JSON.stringify(
        rules.map((r) => ({ id: r.id, level: r.level, mode: r.mode, section: r.section, title: r.title })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const w = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map(
    (r) => `${r.id.padEnd(w)}  ${r.level.padEnd(7)}  ${(r.mode ?? 'any').padEnd(10)}  ${r.title}`,
  );
  await emit(
    `${'id'.padEnd(w)}  ${'level'.padEnd(7)}  ${'mode'.padEnd(10)}  title\n${lines.join('\n')}\n\n${rules.length} rules\n`,
  );
  return 0;
}
