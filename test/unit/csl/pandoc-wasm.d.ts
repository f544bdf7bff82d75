// pandoc-wasm ships no types; pandocWasm.ts describes the one function it uses.
declare module 'pandoc-wasm';
