// The few HTML pages this server writes before the web interface exists: escaping and one layout.
// Pages are plain, semantic and work without JavaScript.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A complete page; `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}
textarea{width:100%;font:14px/1.4 ui-monospace,monospace}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ccc;text-align:left}
a{color:#0645ad}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
