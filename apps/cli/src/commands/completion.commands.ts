import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { run, type CommandGroup } from '../core/define';

/** Every command path ("", "accounts", "accounts list", …) with the words that may follow it. */
function completionTable(root: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const walk = (command: Command, path: string[]) => {
    const words = [
      ...command.commands.flatMap((c) => [c.name(), ...c.aliases()]),
      ...command.options.flatMap((o) => [o.long, o.short].filter((w): w is string => Boolean(w))),
      ...(command === root ? [] : root.options.map((o) => o.long).filter((w): w is string => Boolean(w))),
      '--help',
    ];
    table.set(path.join(' '), [...new Set(words)]);
    for (const sub of command.commands) {
      for (const name of [sub.name(), ...sub.aliases()]) walk(sub, [...path, name]);
    }
  };
  walk(root, []);
  return table;
}

export function bashCompletion(root: Command): string {
  const cases = [...completionTable(root)]
    .map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# landfall bash completion: eval "$(landfall completion bash)" (zsh: autoload bashcompinit && bashcompinit first)
_landfall_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" candidate words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    candidate="\${path:+$path }\${COMP_WORDS[i]}"
    case "$candidate" in
${[...completionTable(root).keys()]
  .filter(Boolean)
  .map((p) => `      "${p}") path="$candidate" ;;`)
  .join('\n')}
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _landfall_complete landfall
`;
}

export const registerCompletion: CommandGroup = (program, context) => {
  program
    .command('completion')
    .description('Print a shell completion script: eval "$(landfall completion bash)"')
    .argument('<shell>', 'bash (zsh via bashcompinit)', (value) => {
      if (value !== 'bash' && value !== 'zsh')
        throw new InvalidArgumentError('supported: bash, zsh (bashcompinit)');
      return value;
    })
    .action(
      run<[string], object>(context, async (ctx) => {
        ctx.io.out(bashCompletion(program));
      }),
    );
};
