"""What the tests and benchmarks share: servers, websocket clients and where the Pol.is data is.

It sits beside `convene/`, not inside it, so none of it is installed with the site.
"""
