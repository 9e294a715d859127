#!/usr/bin/env python3
"""End to end: the web reader in a real browser (headless Chromium through selenium), against a
real `folio-web` on a loopback port and a temporary FOLIO_HOME, checked with the `folio` CLI on
the same store; then the changes made in the browser sync to a second device through a real
`folio-server`. Run by scripts/test-web-browser.sh (which installs selenium); prints one line
per step and "N passed, M failed" last. Screenshots at 390 and 1280 px go to ARTIFACTS.

  web_reader_e2e.py BUILD_DIR ARTIFACTS
"""
import json, os, shutil, subprocess, sys, tempfile, threading, time, traceback, urllib.parse, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BUILD, ARTIFACTS = sys.argv[1], sys.argv[2]
FOLIO, WEB, SERVER = (os.path.join(BUILD, name) for name in ("folio", "folio-web", "folio-server"))
FIXTURES = os.path.dirname(os.path.abspath(__file__))
SHARED_DATA = os.environ.get("FOLIO_SHARED_DATA") or os.path.join(FIXTURES, "..", "..", "..", "shared", "data")
QUOTE = "preparing for a winter that many expect to be the hardest in a decade"
NOTE = "Energy prices and fewer tourists: the two causes"
results = []


def step(name):
    def run(body):
        try:
            body()
            results.append(True)
            print(f"ok    {name}", flush=True)
        except Exception:
            results.append(False)
            print(f"FAIL  {name}", flush=True)
            traceback.print_exc()
        return body
    return run


def folio(home, *arguments, stdin=None, check=True):
    environment = dict(os.environ, FOLIO_HOME=home, NO_COLOR="1")
    done = subprocess.run([FOLIO, *arguments], input=stdin, capture_output=True, text=True, env=environment, timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"folio {' '.join(arguments)} exited {done.returncode}: {done.stderr}")
    return done


def folio_json(home, *arguments):
    return json.loads(folio(home, *arguments, "--json").stdout)


def start(command, environment=None):
    """Starts a server that prints "listening on URL" (or its port) first; returns (process, URL)."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment)
    line = process.stdout.readline().strip()
    if line.startswith("listening on "):
        return process, line[len("listening on "):]
    return process, f"http://127.0.0.1:{int(line)}"


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


home = tempfile.mkdtemp(prefix="folio-web-e2e-")
os.makedirs(ARTIFACTS, exist_ok=True)
fixture, fixture_url = start(["python3", os.path.join(FIXTURES, "http_server.py")])
web_environment = dict(os.environ, FOLIO_HOME=home, FOLIO_WEB_LOG_LEVEL="warning")
web, web_url = start([WEB, "--host", "127.0.0.1", "--port", "0"], web_environment)
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
wait = WebDriverWait(driver, 30)
state = {}

try:
    @step("add an article by URL from the loopback fixture")
    def _():
        driver.get(web_url + "/add")
        driver.find_element(By.ID, "add-url").send_keys(fixture_url + "/article")
        driver.find_element(By.ID, "add-url-button").click()
        wait.until(EC.presence_of_element_located((By.ID, "article-text")))
        assert "Café owners brace for the winter season" in driver.find_element(By.TAG_NAME, "h1").text
        assert "Buy the new phone" not in driver.page_source
        state["id"] = driver.find_element(By.ID, "article").get_attribute("data-id")
        listed = folio_json(home, "list")
        assert [a["title"] for a in listed] == ["Café owners brace for the winter season"], listed

    @step("a folio command writes while folio-web runs, and the library page shows it")
    def _():
        folio(home, "add", "-", "--title", "Written by the CLI", stdin="Written by the CLI while the web reader runs.\n")
        driver.get(web_url + "/")
        titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".article-row .title")]
        assert titles[0].endswith("Written by the CLI") and titles[1].endswith("Café owners brace for the winter season"), titles

    @step("select a passage and save it as a highlight with a note")
    def _():
        driver.get(web_url + "/articles/" + state["id"])
        wait.until(EC.presence_of_element_located((By.ID, "article-text")))
        # Select the passage as a mouse would: a DOM range over the text, then mouseup.
        driver.execute_script(
            """
            const passage = arguments[0];
            const walker = document.createTreeWalker(document.getElementById("article-text"), NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
              const text = node.textContent.replace(/\\s+/g, " ");
              const at = text.indexOf(passage);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + passage.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
              return;
            }
            throw new Error("passage not found");
            """,
            QUOTE,
        )
        button = wait.until(EC.visibility_of_element_located((By.ID, "highlight-button")))
        button.click()
        assert driver.find_element(By.ID, "quote-field").get_attribute("value") == QUOTE
        driver.find_element(By.ID, "note-field").send_keys(NOTE)
        driver.find_element(By.ID, "save-note").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "mark.quote")))
        assert QUOTE in driver.find_element(By.CSS_SELECTOR, "mark.quote").text
        shown = folio_json(home, "show", state["id"])
        notes = shown["notes"]
        assert len(notes) == 1 and notes[0]["quote"] == QUOTE and notes[0]["body"] == NOTE and notes[0]["quoteFound"], notes

    @step("take screenshots at 390 and 1280 px")
    def _():
        for width in (390, 1280):
            driver.set_window_size(width, 900)
            driver.get(web_url + "/articles/" + state["id"])
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "mark.quote")))
            driver.save_screenshot(os.path.join(ARTIFACTS, f"article-{width}.png"))
            driver.get(web_url + "/")
            driver.save_screenshot(os.path.join(ARTIFACTS, f"library-{width}.png"))
        driver.set_window_size(1280, 900)
        assert all(os.path.getsize(os.path.join(ARTIFACTS, f"article-{w}.png")) > 1000 for w in (390, 1280))

    @step("find the highlight with search")
    def _():
        driver.get(web_url + "/search")
        box = driver.find_element(By.NAME, "q")
        box.send_keys("tourists causes")
        box.submit()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".result")))
        results_shown = driver.find_elements(By.CSS_SELECTOR, ".result.note")
        assert results_shown, driver.page_source
        assert results_shown[0].find_elements(By.TAG_NAME, "mark"), "no highlighted match in the snippet"
        cli = folio_json(home, "search", "tourists causes")
        assert [hit["kind"] for hit in cli] == ["note"], cli

    @step("star and archive from the reader")
    def _():
        driver.get(web_url + "/articles/" + state["id"])
        driver.find_element(By.ID, "star-button").click()
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), "Starred."))
        driver.find_element(By.ID, "archive-button").click()
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), "Archived."))
        shown = folio_json(home, "show", state["id"])["article"]
        assert shown["starred"] is True and shown["state"] == "archived", shown
        assert [a["title"] for a in folio_json(home, "list", "--starred")] == ["Café owners brace for the winter season"]

    @step("the reading position is saved as progress while scrolling")
    def _():
        driver.set_window_size(390, 500)
        driver.get(web_url + "/articles/" + state["id"])
        wait.until(EC.presence_of_element_located((By.ID, "article-text")))
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        deadline = time.monotonic() + 20
        progress = 0
        while time.monotonic() < deadline:
            progress = folio_json(home, "show", state["id"])["article"]["progress"]
            if progress > 0:
                break
            time.sleep(0.2)
        driver.set_window_size(1280, 900)
        assert progress > 0.5, progress

    @step("reading works with JavaScript off")
    def _():
        options_off = webdriver.ChromeOptions()
        options_off.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options_off.add_argument(argument)
        options_off.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        plain = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options_off)
        try:
            plain.get(web_url + "/articles/" + state["id"])
            assert "terrace heaters" in plain.find_element(By.ID, "article-text").text
            plain_wait = WebDriverWait(plain, 30)
            plain.find_element(By.ID, "star-button").click()  # unstar, a plain form post
            plain_wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), "No longer starred."))
            plain.find_element(By.ID, "star-button").click()  # and star again
            plain_wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), "Starred."))
            assert folio_json(home, "show", state["id"])["article"]["starred"] is True
        finally:
            plain.quit()

    @step("the Sync button sends the browser's changes to a second device through folio-server")
    def _():
        data = tempfile.mkdtemp(prefix="folio-web-e2e-server-")
        token = subprocess.run([SERVER, "user", "add", "reader", "--data-dir", data], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        server, server_url = start([SERVER, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data], dict(os.environ, FOLIO_SERVER_LOG_LEVEL="warning"))
        try:
            other = tempfile.mkdtemp(prefix="folio-web-e2e-b-")
            folio(home, "login", server_url, "--token", "-", "--device-name", "browser", stdin=token + "\n")
            # The library page's Sync button pushes what the browser did.
            driver.get(web_url + "/")
            driver.find_element(By.ID, "sync-button").click()
            wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message"), "Synced: pushed"))
            assert "every change synced" in driver.find_element(By.ID, "sync-status").text
            folio(other, "login", server_url, "--token", "-", "--device-name", "phone", stdin=token + "\n")
            folio(other, "sync")
            synced = [a for a in folio_json(other, "list") if a["title"] == "Café owners brace for the winter season"]
            assert len(synced) == 1, synced
            shown = folio_json(other, "show", synced[0]["id"])
            assert shown["article"]["starred"] is True and shown["article"]["state"] == "archived", shown["article"]
            assert [(n["quote"], n["body"]) for n in shown["notes"]] == [(QUOTE, NOTE)], shown["notes"]
            # folio-web --sync-every on the second device brings in what the first pushes later.
            background, _ = start([WEB, "--port", "0", "--sync-every", "10s"], dict(os.environ, FOLIO_HOME=other, FOLIO_WEB_LOG_LEVEL="warning"))
            try:
                folio(home, "add", "-", "--title", "Pushed later", stdin="Saved on the first device after the first sync.\n")
                folio(home, "sync")
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline:
                    if any(a["title"] == "Pushed later" for a in folio_json(other, "list")):
                        break
                    time.sleep(1)
                assert any(a["title"] == "Pushed later" for a in folio_json(other, "list")), "the background sync brought nothing"
            finally:
                stop(background)
        finally:
            stop(server)

    @step("import an export file from the add page")
    def _():
        driver.get(web_url + "/add")
        driver.find_element(By.ID, "import-file").send_keys(os.path.abspath(os.path.join(SHARED_DATA, "imports", "pocket", "pocket.csv")))
        driver.find_element(By.CSS_SELECTOR, "form[action='/import'] input[name='tags']").send_keys("from-pocket")
        driver.find_element(By.ID, "import-button").click()
        wait.until(EC.presence_of_element_located((By.ID, "import-summary")))
        assert "Imported: added 7, merged 0 duplicates" in driver.find_element(By.ID, "import-summary").text, driver.page_source
        imported = folio_json(home, "list", "--tag", "from-pocket")
        assert len(imported) == 7, imported
        assert "http://youmightnotneedjquery.com/" in [a.get("url") for a in imported], imported
        driver.save_screenshot(os.path.join(ARTIFACTS, "import-1280.png"))

    @step("the CLI and the web reader write at the same instant, and nothing is lost")
    def _():
        driver.get(web_url + "/add")
        csrf = driver.find_element(By.CSS_SELECTOR, "meta[name='csrf-token']").get_attribute("content")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        writers = 6
        start_together = threading.Barrier(2 * writers)
        failures = []

        def web_add(number):
            body = urllib.parse.urlencode({"csrf": csrf, "title": f"Web {number}", "text": f"Saved from the web reader, number {number}."}).encode()
            request = urllib.request.Request(web_url + "/add/text", data=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
            start_together.wait()
            with urllib.request.urlopen(request, timeout=120) as response:  # follows the 303 to the article
                assert response.status == 200, response.status

        def cli_add(number):
            start_together.wait()
            folio(home, "add", "-", "--title", f"CLI {number}", stdin=f"Saved from the command line, number {number}.\n")

        def run(work, number):
            try:
                work(number)
            except Exception as error:  # reported below, with the others
                failures.append(f"{work.__name__} {number}: {error!r}")

        threads = [threading.Thread(target=run, args=(work, n)) for n in range(writers) for work in (web_add, cli_add)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures
        titles = {a["title"] for a in folio_json(home, "list")}
        expected = {f"Web {n}" for n in range(writers)} | {f"CLI {n}" for n in range(writers)}
        assert expected <= titles, sorted(expected - titles)
finally:
    driver.quit()
    stop(web)
    fixture.stdin.close()
    fixture.wait(timeout=20)

failed = results.count(False)
print(f"{results.count(True)} passed, {failed} failed")
sys.exit(1 if failed else 0)
