import { createHash } from 'node:crypto'
import { defineEventHandler, setResponseHeader } from 'h3'

// A self-contained viewer of /openapi.json (no CDN: this must work offline).
const PAGE = /* html */ `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dogovor24 API</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f7f7f8}
header{background:#0f3d6e;color:#fff;padding:14px 20px}main{max-width:1000px;margin:0 auto;padding:16px}
h2{margin:24px 0 8px;text-transform:capitalize}details{background:#fff;border:1px solid #ddd;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 10px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.m{font-weight:700;text-transform:uppercase;min-width:56px}.get{color:#0a7}.post{color:#06c}.put,.patch{color:#b60}.delete{color:#c22}
code{font-family:ui-monospace,monospace}.acc{margin-left:auto;font-size:12px;color:#666}pre{background:#f2f2f4;margin:0 10px 10px;padding:8px;overflow:auto;font-size:12px}
input{width:100%;padding:8px;margin:8px 0;box-sizing:border-box}
</style></head><body><header><b>Dogovor24 API</b> · <a style="color:#cde" href="/openapi.json">openapi.json</a></header>
<main><input id="q" placeholder="Filter by path or summary"><div id="out">Loading…</div></main>
<script>
const out=document.getElementById('out');let doc;
function render(f){const by={};for(const[p,ops]of Object.entries(doc.paths))for(const[m,o]of Object.entries(ops)){
if(f&&!(p+o.summary).toLowerCase().includes(f))continue;(by[o.tags[0]]??=[]).push([m,p,o])}
out.innerHTML='';for(const[t,list]of Object.entries(by).sort()){const h=document.createElement('h2');h.textContent=t;out.append(h);
for(const[m,p,o]of list){const d=document.createElement('details');const s=document.createElement('summary');
s.innerHTML='<span class="m '+m+'"></span><code></code><span></span><span class="acc"></span>';
s.children[0].textContent=m;s.children[1].textContent=p;s.children[2].textContent=o.summary;s.children[3].textContent=o['x-access'];
const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:o.parameters,requestBody:o.requestBody,responses:o.responses},null,2);
d.append(s,pre);out.append(d)}}}
fetch('/openapi.json').then(r=>r.json()).then(j=>{doc=j;render('')}).catch(e=>{out.textContent='Could not load /openapi.json: '+e});
document.getElementById('q').oninput=e=>render(e.target.value.toLowerCase());
</script></body></html>`

/** The page's one inline script and style, allowed by their hashes. */
const hashOf = (tag: 'script' | 'style') => {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(PAGE)!
  return `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`
}
const CSP = `default-src 'none'; script-src ${hashOf('script')}; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`

/** GET /api-docs: browse the API contract generated from the routes' zod schemas. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  setResponseHeader(event, 'content-security-policy', CSP)
  return PAGE
})
