"""localstripe (a stand-in for Stripe's API and Stripe.js) for Portico's tests and demo.

The same server as `localstripe --port N`, with one change to the fake Stripe.js it serves: the
script runs inside a function, so its top-level `class Element` stays its own. As a plain script
that class would take the global name `Element` from the DOM's, which the page's WebAssembly glue
uses to tell elements apart (`instanceof Element`), and the page would stop drawing. Stripe's
real script declares no such globals.
"""

import localstripe.server as server


async def _isolated_js(request):
    response = server.localstripe_js(request)
    response.text = "(function () {\n" + response.text + "\n})();\n"
    return response


for route in server.app.router.routes():
    info = route.resource.get_info() if route.resource is not None else {}
    if route.method == "GET" and info.get("path") == "/js.stripe.com/v3/":
        route._handler = _isolated_js

if __name__ == "__main__":
    server.start()
