// Command-line entry. Placeholder until the CLI lands.
console.log('citelens: not built yet');
