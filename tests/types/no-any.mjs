// Fails on `any` in the package's published declarations.
//
// Scans every .d.ts file under the given directory (the installed
// package's dist/, which holds only what the entries re-export and the
// modules they need) with the TypeScript compiler's parser, and reports:
//   - every `any` keyword, wherever it appears in a type;
//   - declarations a consumer can reach that have no type (a parameter,
//     property, method or function without an annotation is `any`);
//     private members (`private x;`, `#private;`) are left out: consumers
//     cannot touch them;
//   - relative imports and re-exports whose target has no .d.ts in the
//     package: TypeScript would type them as `any` (the wasm-bindgen glue's
//     own declarations, which are full of `any`, are not shipped, so a
//     public declaration that names a glue type shows up here).
//
// Usage: node tests/types/no-any.mjs <dir>   (exits 1 on a finding)
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../package.json", import.meta.url));
const ts = require("typescript");

const dir = resolve(process.argv[2] ?? "pkg/dist");
const files = readdirSync(dir, { recursive: true })
  .filter((file) => file.endsWith(".d.ts"))
  .map((file) => join(dir, file));
if (files.length === 0) {
  console.error(`no .d.ts files under ${dir}`);
  process.exit(1);
}

const findings = [];
function find(source, node, what) {
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const text = node.getText(source).split("\n")[0].slice(0, 100);
  findings.push(`${relative(dir, source.fileName)}:${line + 1}:${character + 1}: ${what}: ${text}`);
}

const isPrivate = (node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);

// Declarations that are `any` when they have no type annotation.
function untyped(node) {
  switch (node.kind) {
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.VariableDeclaration:
      return node.type === undefined && !ts.isPrivateIdentifier(node.name ?? node) && !isPrivate(node) && !isPrivate(node.parent);
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.GetAccessor:
      return node.type === undefined && !isPrivate(node);
    default:
      return false;
  }
}

for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) find(source, node, "any");
    else if (untyped(node)) find(source, node, "no type (implicitly any)");
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const specifier = node.moduleSpecifier.text;
      if (specifier.startsWith(".")) {
        const target = join(dirname(file), specifier.replace(/\.js$/, ".d.ts"));
        if (!existsSync(target)) find(source, node, "imports a module without declarations in the package (any)");
      } else {
        find(source, node, "imports another package");
      }
    }
    // `import("...")` types.
    if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      const specifier = ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal) ? argument.literal.text : "";
      if (!specifier.startsWith(".") || !existsSync(join(dirname(file), specifier.replace(/\.js$/, ".d.ts")))) {
        find(source, node, "import() type of a module without declarations in the package (any)");
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (findings.length > 0) {
  console.log(`any in the published declarations (${files.length} files scanned):\n${findings.join("\n")}`);
  process.exit(1);
}
console.log(`no any in ${files.length} declaration files`);
