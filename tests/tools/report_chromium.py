"""Opens `mkg report` in real headless Chromium (Debian's chromium and chromedriver,
driven by Selenium) and checks what a reader does: the graph has every entity of the
page's data, clicking an edge on the canvas shows its evidence sentence, the search
finds an entity by an alias, a filter hides a kind. Saves screenshots under target/.
A second report of about 2,000 entities must draw too.

Usage: report_chromium.py MKG_BINARY ARTICLES_DIR ENTITY ALIAS BIG_CORPUS
"""

import json
import os
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SCREENSHOTS = "target"


def mkg(binary, db, *args):
    return subprocess.run(
        [binary, "--db", db, *args], check=True, capture_output=True, text=True
    ).stdout


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # As root, without a GPU, and without the background connections a closed
    # network refuses.
    for flag in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1600,1000",
    ]:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="mkg-chromium-"))
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def open_report(driver, path, timeout=120):
    started = time.monotonic()
    driver.get("file://" + os.path.abspath(path))
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return window.mkgReady === true"))
    return time.monotonic() - started


def panel_text(driver):
    return driver.find_element(By.ID, "panel").text


def click_on_canvas(driver, x, y):
    """A real mouse click at page coordinates (x, y) of the graph's canvas."""
    graph = driver.find_element(By.ID, "graph")
    rect = graph.rect
    # Selenium's offsets count from the element's centre.
    ActionChains(driver).move_to_element_with_offset(
        graph, x - rect["x"] - rect["width"] / 2, y - rect["y"] - rect["height"] / 2
    ).click().perform()


def check_small_report(driver, binary, db, entity, alias, scratch):
    graph = json.loads(mkg(binary, db, "export", "json"))
    linked = {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]}
    report = os.path.join(scratch, "report.html")
    mkg(binary, db, "report", "-o", report)
    open_report(driver, report)
    assert driver.title == "mkg report: the whole graph", driver.title

    # Every entity with an edge is a node of the graph library, every edge an edge.
    drawn = driver.execute_script("return cy.nodes().map(n => n.data('label'))")
    assert len(drawn) == len(linked), (len(drawn), len(linked))
    assert driver.execute_script("return cy.edges().length") == len(graph["edges"])
    counts = driver.find_element(By.ID, "counts").text
    assert counts == f"{len(linked)} of {len(linked)} entities, {len(graph['edges'])} of {len(graph['edges'])} edges shown", counts

    # Click an edge of the entity where it is drawn, at a point no node covers: the
    # panel shows the evidence of the edge the click selected.
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    point = None
    for edge in graph["edges"]:
        if entity not in (names[edge["source"]], names[edge["target"]]) or edge["source"] == edge["target"]:
            continue
        point = driver.execute_script(
            """const edge = cy.getElementById('e' + arguments[0]);
               cy.fit(edge, 250);
               const box = cy.container().getBoundingClientRect();
               const p = edge.renderedMidpoint();
               const covered = cy.nodes().some(n => {
                 const b = n.renderedBoundingBox();
                 return p.x >= b.x1 - 6 && p.x <= b.x2 + 6 && p.y >= b.y1 - 6 && p.y <= b.y2 + 6;
               });
               return covered ? null : [box.left + p.x, box.top + p.y];""",
            edge_id(graph, edge, db, binary),
        )
        if point:
            break
    assert point, f"every edge of {entity} runs under a node"
    click_on_canvas(driver, *point)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return cy.$(':selected').length") == 1)
    selected = driver.execute_script("return cy.$(':selected').map(e => e.id())")
    assert selected[0].startswith("e"), f"the click selected {selected}, not an edge"
    clicked = driver.execute_script(
        "const e = edgeById.get(Number(arguments[0].slice(1)));"
        "return [e.source, e.relation, e.target, e.evidence[0].sentence]",
        selected[0],
    )
    edge = {"source": clicked[0], "relation": clicked[1], "target": clicked[2]}
    WebDriverWait(driver, 10).until(lambda d: clicked[3] in panel_text(d))
    assert any(
        (e["source"], e["relation"], e["target"]) == tuple(clicked[:3])
        and e["evidence"][0]["sentence"] == clicked[3]
        for e in graph["edges"]
    ), "the panel's sentence is the export's"
    driver.save_screenshot(os.path.join(SCREENSHOTS, "report-edge.png"))

    # Search by an alias: the entity is selected and its names are listed.
    search = driver.find_element(By.ID, "search")
    search.send_keys(alias, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: panel_text(d).startswith(entity))
    assert alias in panel_text(driver)

    # Hiding people hides every person and the edges at them.
    people = sum(1 for n in graph["nodes"] if n["kind"] == "person" and n["id"] in linked)
    driver.find_element(By.CSS_SELECTOR, "input[data-filter=kinds][value=person]").click()
    shown = driver.execute_script("return cy.nodes().not('.hidden').length")
    assert shown == len(linked) - people, (shown, len(linked), people)
    hidden_edges = driver.execute_script(
        "return cy.edges('.hidden').filter(e => e.source().data('kind') !== 'person' "
        "&& e.target().data('kind') !== 'person').length"
    )
    assert hidden_edges == 0, hidden_edges
    driver.save_screenshot(os.path.join(SCREENSHOTS, "report-filtered.png"))
    driver.find_element(By.CSS_SELECTOR, "input[data-filter=kinds][value=person]").click()

    # A period no sentence is dated in leaves no edge; clearing it brings them back.
    since = driver.find_element(By.ID, "since")
    since.send_keys("2100")
    assert driver.execute_script("return cy.edges().not('.hidden').length") == 0
    since.send_keys(Keys.BACKSPACE * 4)
    assert driver.execute_script("return cy.edges().not('.hidden').length") == len(graph["edges"])
    print(f"report: {len(drawn)} entities and {len(graph['edges'])} edges drawn; "
          f"clicking {names[edge['source']]} -{edge['relation']}- {names[edge['target']]} "
          f"showed its sentence; '{alias}' found {entity}; the person filter hid {people}")


def edge_id(graph, edge, db, binary):
    """The stored id of an edge of `export json`, which leaves ids out."""
    shown = json.loads(mkg(binary, db, "--json", "show", f"#{edge['source']}"))
    for candidate in shown["edges"]:
        if (candidate["source"], candidate["relation"], candidate["target"]) == (
            edge["source"], edge["relation"], edge["target"]
        ):
            return candidate["id"]
    raise AssertionError(f"no stored edge for {edge}")


def check_big_report(driver, binary, corpus, scratch):
    db = os.path.join(scratch, "big.db")
    mkg(binary, db, "ingest", corpus)
    report = os.path.join(scratch, "big.html")
    mkg(binary, db, "report", "--max-nodes", "2000", "-o", report)
    seconds = open_report(driver, report, timeout=300)
    nodes = driver.execute_script("return cy.nodes().length")
    edges = driver.execute_script("return cy.edges().length")
    # The cut keeps 2,000; a few whose every neighbour fell to the cut drop out too.
    assert nodes == driver.execute_script("return data.nodes.length") and 1900 <= nodes <= 2000, nodes
    # The page answers after drawing: a click on a node still works.
    driver.execute_script("cy.nodes()[0].emit('tap')")
    assert panel_text(driver).strip(), "the panel answers"
    driver.save_screenshot(os.path.join(SCREENSHOTS, "report-2000.png"))
    print(f"report of {nodes} entities and {edges} edges ready in {seconds:.1f} s "
          f"({os.path.getsize(report) // 1024} KiB)")


def main():
    binary, articles, entity, alias, corpus = sys.argv[1:6]
    os.makedirs(SCREENSHOTS, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "kg.db")
        mkg(binary, db, "ingest", articles)
        driver = browser()
        try:
            check_small_report(driver, binary, db, entity, alias, scratch)
            check_big_report(driver, binary, corpus, scratch)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
