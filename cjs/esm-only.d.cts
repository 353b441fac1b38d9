// paycontracts is ESM-only: `import` it in an ES module, or `await import('paycontracts')` from CommonJS, which
// resolves to the typed ES module. A static import compiled to require() would throw (esm-only.cjs), so this
// declares nothing, and such an import fails to compile too.
export {};
