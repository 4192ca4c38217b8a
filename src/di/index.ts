/**
 * The dependency-injection entry, `sfnet/di`: the SDK's inversify wiring.
 *
 * @remarks
 * Kept apart from the main entry so that `import 'sfnet'` loads neither inversify nor the
 * `reflect-metadata` polyfill. Importing this entry installs `reflect-metadata` (a global
 * polyfill your own `@injectable()` classes need) and loads inversify; both are optional peer
 * dependencies of the package, installed by the application that uses this entry:
 * `npm install inversify reflect-metadata`.
 *
 * @example
 * ```ts
 * import { createContainer, Tokens } from 'sfnet/di';
 *
 * const container = createContainer();
 * const socket = container.get(Tokens.TcpSocket);
 * ```
 *
 * @packageDocumentation
 * @module sfnet/di
 * @mergeModuleWith <project>
 */
/// <reference lib="esnext.disposable" preserve="true" />
import 'reflect-metadata';

export { Tokens } from './Tokens.js';
export { createContainer, createSdkModule } from './createContainer.js';
