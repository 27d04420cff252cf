// Serves the demo in www/ against the npm package scripts/build.sh builds
// into pkg/ (no configuration for its wasm: webpack 5 takes the package's
// `new URL("...wasm", import.meta.url)` and top-level await as they are).
// The dev server also answers the demo's WebSocket signaling rooms at
// /signal/<room> (www/signaling-server.mjs) and relays /janus to Janus for
// the multi-party room (www/janus-proxy.mjs).
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  mode: process.env.NODE_ENV === "production" ? "production" : "development",
  entry: "./www/index.js",
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "[name].js",
    clean: true,
  },
  plugins: [new HtmlWebpackPlugin({ template: "www/index.html" })],
  // uPlot's style sheet, as text the charts put in a <style> element.
  module: { rules: [{ test: /\.css$/, type: "asset/source" }] },
  devServer: {
    static: false,
    onListening: (devServer) => {
      import("./www/signaling-server.mjs").then(({ attachSignaling }) => attachSignaling(devServer.server));
      import("./www/janus-proxy.mjs").then(({ attachJanus }) => attachJanus(devServer.server));
    },
    client: { overlay: true, logging: "warn" },
    open: false,
  },
  performance: { hints: false },
};
