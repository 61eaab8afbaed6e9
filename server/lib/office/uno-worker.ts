/**
 * The Python side of a warm LibreOffice: a long-lived python3-uno process that holds one UNO
 * connection to a running soffice.bin and converts one document per JSON line on stdin,
 * answering one JSON line on stdout. Starting Python and connecting costs ~0.3 s, which is
 * what made `unoconv` per call slow; kept running it costs nothing per document.
 *
 * The script is passed with `python3 -c`, so the bundled worker (dist/worker.mjs) needs no
 * file beside it. It must run under Debian's /usr/bin/python3: a pyenv python on PATH lacks
 * the `uno` module.
 *
 * Protocol: `{"id": n, "input": path, "output": path, "filter": name}` converts;
 * `{"id": n, "probe": true}` asks soffice something cheap (a hung soffice never answers);
 * each gets `{"id": n, "ok": true}` or `{"id": n, "ok": false, "error": "..."}`. The first
 * line, once connected, is `{"ready": true}`.
 */
export const UNO_WORKER_PY = String.raw`
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

port = sys.argv[1]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
url = "uno:socket,host=127.0.0.1,port=%s;urp;StarOffice.ComponentContext" % port
ctx = None
deadline = time.time() + float(sys.argv[2])
while ctx is None:
    try:
        ctx = resolver.resolve(url)
    except Exception:
        if time.time() > deadline:
            print(json.dumps({"ready": False, "error": "soffice did not accept a UNO connection"}), flush=True)
            sys.exit(2)
        time.sleep(0.05)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
print(json.dumps({"ready": True}), flush=True)

for line in sys.stdin:
    req = json.loads(line)
    rid = req.get("id")
    try:
        if req.get("probe"):
            desktop.getComponents().createEnumeration()
        else:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["input"]), "_blank", 0,
                                               (prop("Hidden", True), prop("ReadOnly", True)))
            if doc is None:
                raise RuntimeError("LibreOffice could not open the document")
            try:
                doc.storeToURL(uno.systemPathToFileUrl(req["output"]), (prop("FilterName", req.get("filter", "writer_pdf_Export")),))
            finally:
                doc.close(True)
        out = {"id": rid, "ok": True}
    except Exception as e:
        out = {"id": rid, "ok": False, "error": (type(e).__name__ + ": " + str(e))[:500]}
    print(json.dumps(out), flush=True)
`
