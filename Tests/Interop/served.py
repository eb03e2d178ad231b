"""A `cashless serve` of a test script's own, on a fresh SQLite database in a temporary folder and
a free loopback port, with Config/ for its settings: what api_conforms.py and
Tests/Browser/pages_in_chromium.py both start from.

    port = served.free_port()
    server, key = served.start(cashless, served.environment(data, port, CASHLESS_WORK_QUEUE="4096"), stderr=log)
"""
import os, re, socket, subprocess, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data, port, **settings):
    """The server's environment: its database and data in `data`, its port, and `settings`
    (CASHLESS_* variables) over the defaults."""
    return dict(os.environ, CASHLESS_DATABASE_URL=f"sqlite:{data}/cashless.sqlite", CASHLESS_HOST="127.0.0.1",
                CASHLESS_PORT=str(port), CASHLESS_DATA_DIR=data, CASHLESS_CONFIG_DIR=os.path.join(root, "Config"),
                LOG_LEVEL="warning", **settings)


def wait_until_healthy(port, seconds=60):
    """Returns once /healthz answers (checked every 0.1 s), or raises after `seconds`."""
    deadline = time.time() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
            return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def start(cashless, environment, stderr=subprocess.DEVNULL, admin_key=True):
    """The running server and, on a first start, the admin key it prints (None when `admin_key`
    is false: its output is not read). Returns once it answers."""
    server = subprocess.Popen([cashless, "serve"], env=environment, stdout=subprocess.PIPE if admin_key else subprocess.DEVNULL,
                              stderr=stderr, text=True)
    key = None
    try:
        if admin_key:
            deadline = time.time() + 60
            while key is None and time.time() < deadline:
                match = re.search(r"Authorization: Bearer (csk_\S+)", server.stdout.readline())
                key = match and match.group(1)
            if key is None:
                raise SystemExit("the server printed no admin key")
        wait_until_healthy(int(environment["CASHLESS_PORT"]))
    except BaseException:
        server.kill()
        raise
    return server, key
