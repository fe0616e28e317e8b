// Type-aware lint is a gate (STYLE.md rule 7); process boundaries are imports (rule 1).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'vm-images/out/**', 'vm-images/images/files/**', 'scripts/**', 'bin/**', 'eslint.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron'], message: 'Only main/app imports electron.' }] }],
    },
  },
  {
    files: ['main/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['agent/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/*', '!**/main/common'], message: 'agent/ never imports main/ (only main/common: shared types, the API client).' },
        { group: ['electron'], message: 'Only main/app imports electron.' },
      ] }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'renderer/ never imports Node or Electron.' },
        { group: ['**/main/*', '!**/main/common', '**/main/common/*', '!**/main/common/bridge', '!**/main/common/kube-types.js', '**/agent/*'], message: 'renderer/ imports only the bridge contract (main/common/bridge) and kube-types from main.' },
      ] }],
    },
  },
);
