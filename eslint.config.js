// Lint for what the compiler cannot see: a Promise of a status left unawaited, a switch over
// SocketStatus that forgets a member, `any` slipping into the SDK.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**'] },
  {
    files: ['src/**/*.ts', 'docs/examples/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  {
    // A Node Buffer is a Uint8Array whose slice() is a view of the caller's memory, not a copy:
    // bytes the SDK keeps are copied with copyBytes, whatever the caller handed over.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='slice'][arguments.length=0]",
          message: "Copy bytes with copyBytes (src/core/copyBytes.ts): a Buffer's slice() is a view of the caller's memory, not a copy.",
        },
      ],
    },
  },
);
