"""localstripe (a stand-in for Stripe's API and Stripe.js) for Portico's tests and demo.

The same server as `localstripe --port N`, with two changes:

- The fake Stripe.js it serves runs inside a function, so its top-level `class Element` stays its
  own. As a plain script that class would take the global name `Element` from the DOM's, which
  the page's WebAssembly glue uses to tell elements apart (`instanceof Element`), and the page
  would stop drawing. Stripe's real script declares no such globals.
- Its state is its own. localstripe saves every change to one fixed file,
  `/tmp/localstripe.pickle`, and loads it at start: two instances at once (the test suites run
  side by side) read each other's half-written state and fail to start, or start with another
  run's payments. Here the state stays in memory, or, with `--state FILE` (the demo), is kept in
  that file, written whole and then moved into place.
"""

import os
import pickle
import sys

import localstripe.resources as resources
import localstripe.server as server


def _state_file():
    """Takes `--state FILE` out of the arguments localstripe reads."""
    if "--state" not in sys.argv:
        return None
    at = sys.argv.index("--state")
    path = sys.argv[at + 1]
    del sys.argv[at : at + 2]
    return path


STATE = _state_file()


def _load(store):
    if STATE is None:
        return
    try:
        with open(STATE, "rb") as f:
            saved = pickle.load(f)
    except FileNotFoundError:
        return
    store.clear()
    store.update(saved)


def _dump(store):
    if STATE is None:
        return
    partial = STATE + ".partial"
    with open(partial, "wb") as f:
        pickle.dump(store, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, STATE)


resources.Store.try_load_from_disk = _load
resources.Store.dump_to_disk = _dump


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
