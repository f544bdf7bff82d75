// Node entry of the language server. Placeholder until the server lands.
console.error('citelens-lsp: not built yet');
