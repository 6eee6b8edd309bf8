"""Usage: python3 bench/desk/save_reply.py JIANBAO SITE FILE

Starts `jianbao serve --edit` on SITE, waits for the overview, then saves FILE (site-relative)
three times through the desk's API, a paragraph added each time, and prints how long each
save's reply took: the desk answers with the page's check findings after the save.
"""
import html, json, re, subprocess, sys, tempfile, time, urllib.parse, urllib.request
binary, site, file = sys.argv[1:4]
log = tempfile.NamedTemporaryFile('w', suffix='.log', delete=False)
p = subprocess.Popen([binary, 'serve', '--edit', '--root', site, '--port', '0'], stdout=log, stderr=log)
try:
    url = None
    while not url:
        time.sleep(0.1)
        m = re.search(r'(http://127\.0\.0\.1:\d+)(/__jianbao/desk/\w+/)', open(log.name).read())
        if m: url = m.group(1) + m.group(2); origin = m.group(1)
    def get(route):
        return urllib.request.urlopen(url + route).read().decode()
    while 'id="preparing"' in get(''):
        time.sleep(0.2)
    page = get('edit?file=' + urllib.parse.quote(file, safe=''))
    csrf = re.search(r'name="jianbao-csrf" content="([^"]+)"', page).group(1)
    version = re.search(r'data-version="([^"]+)"', page).group(1)
    body = re.search(r'<textarea id="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    body = html.unescape(body)
    for n in range(3):
        body = body.rstrip('\n') + '\n\n补充第 %d 段。\n' % n
        req = urllib.request.Request(url + 'api/save', data=json.dumps({'file': file, 'version': version, 'fields': {}, 'body': body}).encode(),
            headers={'Content-Type': 'application/json', 'X-Jianbao-CSRF': csrf, 'Origin': origin}, method='POST')
        t = time.time()
        answer = json.loads(urllib.request.urlopen(req).read())
        took = time.time() - t
        version = answer['version']
        print('save %d: %.3f s, checked=%s, findings=%d' % (n + 1, took, answer.get('checked'), len(answer['findings'])))
        time.sleep(1)
finally:
    p.terminate(); p.wait()
