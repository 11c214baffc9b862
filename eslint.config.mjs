import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Boundaries of the house (docs/architecture.md, "Walls"). ESLint flat config replaces a rule's options
// per matching object instead of merging them, so every file gets exactly one object below, with the union
// of the walls that apply to it.
const libs = readdirSync(new URL('./libs', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const repositoryFiles = ['**/*.repository.ts', '**/repositories/**/*.ts'];
const domainFiles = ['**/domain/**/*.ts'];
const wall = {
  deepLibImport: {
    regex: '^@landfall/[^/]+/.+',
    message: 'Import another lib only through its index: `@landfall/<lib>`.',
  },
  relativeIntoLib: (self) => ({
    regex: `^(\\.\\./)+(libs/)?(?!${self}/)[\\w-]+/src(/|$)`,
    message: 'Import another lib only through its index: `@landfall/<lib>`, never by a relative path.',
  }),
  prisma: {
    regex: '^@prisma/',
    message: 'Only repositories (`*.repository.ts`, `repositories/`) and libs/persistence touch Prisma.',
  },
  awsSdk: { regex: '^@aws-sdk/', message: 'Only libs/storage and libs/credentials talk to AWS.' },
  domain: {
    regex: '^(@nestjs/|@prisma/|@aws-sdk/|pg$)',
    message: 'domain/ is pure: no Nest, Prisma, pg or AWS SDK import.',
  },
};
// PrismaService is Prisma too: outside repositories nothing injects it, whatever it imports from `@prisma/*`.
const prismaService = {
  name: '@landfall/persistence',
  importNames: ['PrismaService'],
  message:
    'Only repositories (`*.repository.ts`, `repositories/`) and libs/persistence inject PrismaService.',
};
const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { patterns, paths }] });
const boundaries = libs.flatMap((lib) => {
  const root = `libs/${lib}/**/*.ts`;
  const cross = [wall.deepLibImport, wall.relativeIntoLib(lib)];
  const aws = lib === 'storage' || lib === 'credentials' ? [] : [wall.awsSdk];
  const prisma = lib === 'persistence' ? [] : [wall.prisma];
  return [
    {
      files: [root],
      ignores: [...repositoryFiles, ...domainFiles],
      rules: restrict([...cross, ...aws, ...prisma], lib === 'persistence' ? [] : [prismaService]),
    },
    {
      files: repositoryFiles.map((glob) => `libs/${lib}/${glob}`),
      ignores: domainFiles,
      rules: restrict([...cross, ...aws]),
    },
    {
      files: domainFiles.map((glob) => `libs/${lib}/${glob}`),
      rules: restrict([...cross, wall.domain], [prismaService]),
    },
    // Specs may build a driver's or SDK's error to test how it is classified; they still use libs by their index.
    { files: [`libs/${lib}/**/*.spec.ts`], rules: restrict(cross) },
  ];
});
const appBoundaries = {
  files: ['apps/**/*.ts'],
  rules: restrict([wall.deepLibImport, wall.relativeIntoLib('-'), wall.prisma, wall.awsSdk], [prismaService]),
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.landfall/**', 'coverage/**', '**/*.mjs', '**/*.js', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...boundaries,
  appBoundaries,
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
