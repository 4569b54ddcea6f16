"use strict";
/**
 * The Socket.IO events of the `/live` namespace, declared once and typed into
 * `Server<ClientToServerEvents, ServerToClientEvents>` on the server and `Socket<...>` in the pages.
 * Type-only: no runtime imports, so the web build can import it as well.
 */
Object.defineProperty(exports, "__esModule", { value: true });
