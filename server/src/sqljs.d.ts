// The part of sql.js (SQLite compiled to WebAssembly) that the Zotero reader uses.
declare module 'sql.js/dist/sql-wasm.js' {
  export interface Statement {
    step(): boolean;
    get(): unknown[];
    free(): boolean;
  }
  export interface Database {
    exec(sql: string): { columns: string[]; values: unknown[][] }[];
    export(): Uint8Array;
    prepare(sql: string): Statement;
    close(): void;
  }
  export interface SqlJsStatic {
    Database: new (data?: Uint8Array) => Database;
  }
  export default function initSqlJs(config?: { wasmBinary?: ArrayBuffer | Uint8Array; locateFile?: (file: string) => string }): Promise<SqlJsStatic>;
}
