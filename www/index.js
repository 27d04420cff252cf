// The package initialises its WebAssembly with a top-level await; webpack
// loads such a module asynchronously.
import("./app.js").catch((error) => {
  document.getElementById("log").textContent = `failed to load: ${error}`;
  console.error(error);
});
