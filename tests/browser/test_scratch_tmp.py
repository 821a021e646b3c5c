import threading, socket
from werkzeug.serving import make_server
from playwright.sync_api import sync_playwright
from scrutiny.extensions import db
from scrutiny.services import demo, clocks

ARGS = ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--disable-quic"]

def test_probe(app):
    demo.load_demo(db.session, clocks.now()); db.session.commit(); db.session.remove()
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    server = make_server("127.0.0.1", port, app, threaded=True)
    t = threading.Thread(target=server.serve_forever, daemon=True); t.start()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            for host in ("127.0.0.1", "localhost"):
                for bypass in (False, True):
                    ctx = b.new_context(bypass_csp=bypass)
                    page = ctx.new_page()
                    msgs = []
                    page.on("console", lambda m: msgs.append(m.text))
                    page.goto(f"http://{host}:{port}/sign-in")
                    page.get_by_label("Email address").fill("admin@example.org")
                    page.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_load_state()
                    print(host, bypass, page.url, ctx.cookies())
                    try:
                        page.add_script_tag(path="/work/main/node_modules/axe-core/axe.min.js")
                        print("axe type", page.evaluate("typeof axe"))
                    except Exception as e:
                        print("add_script_tag failed", type(e), str(e)[:300])
                    print("console", msgs[:5])
                    print(page.content()[:3000] if host=="localhost" and bypass else "")
                    ctx.close()
            b.close()
    finally:
        server.shutdown()
