/** Renders the report's blocks as Markdown (report.md) and as a self-contained HTML page (report.html). */
import type { Block } from './report-document.js';
import type { Cell, Table } from './report-tables.js';

const mdCell = (c: Cell): string => {
  const text = c.text.replace(/\|/g, '\\|');
  return c.bold && text !== '' ? `**${text}**` : text;
};

function markdownTable(t: Table): string {
  const lines = [`**${t.caption}**`, '', `| ${t.header.join(' | ')} |`, `|${t.header.map(() => '---').join('|')}|`];
  for (const row of t.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  if (t.notes.length > 0) lines.push('', ...t.notes.map((n) => `*${n}*`));
  return lines.join('\n');
}

export function renderMarkdown(blocks: readonly Block[]): string {
  const parts = blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${b.text}`;
      case 'paragraph':
        return b.text;
      case 'code':
        return `\`\`\`\n${b.text}\n\`\`\``;
      case 'table':
        return markdownTable(b.table);
      case 'figure':
        return `![${b.caption}](${b.path})\n\n*${b.caption}*`;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(t: Table): string {
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((row) => `<tr>${row.map((c) => `<td>${c.bold ? `<b>${escapeHtml(c.text)}</b>` : escapeHtml(c.text)}</td>`).join('')}</tr>`);
  const notes = t.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
  return `<table id="${escapeHtml(t.id)}">\n<caption>${escapeHtml(t.caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n${notes}`;
}

const STYLE = `body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}caption{text-align:left;font-weight:bold;margin-bottom:.4em}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}th{background:#f0f0f0}
pre{background:#f6f6f6;padding:.8em;overflow-x:auto}figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}
.note{font-size:13px;color:#555;font-style:italic}`;

export function renderHtml(blocks: readonly Block[]): string {
  const title = blocks.find((b) => b.kind === 'heading')?.text ?? 'maskface report';
  const body = blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${escapeHtml(b.text)}</p>`;
      case 'code':
        return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
      case 'table':
        return htmlTable(b.table);
      case 'figure':
        return `<figure><img src="${escapeHtml(b.path)}" alt="${escapeHtml(b.caption)}"><figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    }
  });
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}
