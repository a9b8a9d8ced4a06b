#!/usr/bin/env python3
"""What Lighthouse's simulation would say if a file were smaller.

Lighthouse's simulated throttling (Lantern) replays one observed page load
at a slower network and CPU. Scaling the bytes of some requests in a saved
load (`lighthouse -G`) and auditing it again (`lighthouse -A`) shows what a
smaller file would buy, without building it: how TTI and LCP move with the
main wasm's size, for example (BENCHMARKS.md, "What 5 s of TTI needs").

    bench/lighthouse/whatif.py GATHERED OUT SUBSTRING=FACTOR...

GATHERED is a directory written by `lighthouse <url> -G=<dir>`; OUT gets a
copy whose DevTools log has every request whose URL contains SUBSTRING
scaled by FACTOR (0.5: half the bytes). Then audit it with the same
throttling flags, e.g.

    lighthouse <url> -A=OUT --output=json --output-path=OUT.json \\
      --throttling-method=simulate --throttling.rttMs=300 \\
      --throttling.throughputKbps=700 --throttling.cpuSlowdownMultiplier=6
"""
import json
import os
import shutil
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    gathered, out = sys.argv[1], sys.argv[2]
    rules = []
    for arg in sys.argv[3:]:
        needle, _, factor = arg.rpartition('=')
        if not needle:
            sys.exit(f'error: {arg}: expected SUBSTRING=FACTOR')
        rules.append((needle, float(factor)))
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(gathered, out)
    path = os.path.join(out, 'defaultPass.devtoolslog.json')
    with open(path) as f:
        log = json.load(f)
    urls = {}
    for message in log:
        if message['method'] == 'Network.requestWillBeSent':
            urls[message['params']['requestId']] = message['params']['request']['url']
    scaled = set()
    for message in log:
        params = message.get('params', {})
        url = urls.get(params.get('requestId'), '')
        factor = next((f for needle, f in rules if needle in url), None)
        if factor is None:
            continue
        # Lantern reads a request's size from these two events.
        if message['method'] in ('Network.loadingFinished', 'Network.dataReceived'):
            params['encodedDataLength'] = int(params['encodedDataLength'] * factor)
            scaled.add(url)
    with open(path, 'w') as f:
        json.dump(log, f)
    for needle, _ in rules:
        if not any(needle in url for url in scaled):
            sys.exit(f'error: no request matched {needle!r}')
    print(f'scaled {len(scaled)} request(s) into {out}', file=sys.stderr)


main()
