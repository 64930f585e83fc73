//! Accessibility: axe-core finds no violation on any page, in either colour
//! theme; and the themes really differ. Screenshots: `a11y-<theme>-<page>.png`.

use fleet_e2e::{ensure, Browser, Env, TestResult};

use crate::{ocean_login, pinned_ids};

/// Each page in a state worth checking, and what to wait for before checking.
fn pages() -> Result<Vec<(&'static str, String, &'static str)>, String> {
    let group = pinned_ids()?.first().cloned().ok_or("no pinned group")?;
    Ok(vec![
        ("groups", "/groups".into(), "[data-test=pinned-groups] li"),
        ("group", format!("/groups/{group}"), "[data-test=group-vehicles] tbody tr"),
        ("group-new", "/groups/new".into(), "[data-test=group-form]"),
        ("drivers", "/drivers/DRV-000042".into(), "[data-test=details] h2"),
        ("map", "/map".into(), "[data-test=nearest] li"),
        ("connections", "/connections".into(), "[data-test=vendor-emabler] [data-test=status]"),
        ("not-found", "/no-such-page".into(), "main h1"),
    ])
}

async fn check_theme(b: &Browser, theme: &str) -> TestResult {
    b.goto("/groups").await?;
    b.wait_for("nav").await?;
    b.client
        .execute("localStorage.setItem('fleet-console.theme', arguments[0]);", vec![serde_json::json!(theme)])
        .await
        .map_err(|e| e.to_string())?;
    let mut violations = Vec::new();
    let mut backgrounds = Vec::new();
    for (name, path, ready) in pages()? {
        b.goto(&path).await?;
        if name == "map" {
            ocean_login(b).await?;
        }
        b.wait_for(ready).await?;
        let applied = b
            .client
            .execute("return [document.documentElement.dataset.theme || '', getComputedStyle(document.documentElement).backgroundColor];", vec![])
            .await
            .map_err(|e| e.to_string())?;
        ensure(applied[0] == theme, format!("{name}: data-theme is {:?}, expected {theme}", applied[0]))?;
        backgrounds.push(applied[1].as_str().unwrap_or_default().to_string());
        for v in b.axe_violations().await? {
            violations.push(format!("{theme} {name}: {v}"));
        }
        b.screenshot(&format!("a11y-{theme}-{name}")).await?;
    }
    // Light pages are light, dark pages are dark (sum of the RGB channels).
    let brightness = |css: &str| css.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse::<u32>().ok()).take(3).sum::<u32>();
    for bg in &backgrounds {
        let bright = brightness(bg) > 3 * 128;
        ensure(bright == (theme == "light"), format!("{theme} theme has background {bg}"))?;
    }
    ensure(violations.is_empty(), format!("axe violations:\n{}", violations.join("\n")))
}

pub async fn axe_finds_no_violation_in_the_light_theme(b: &Browser, _env: &Env) -> TestResult {
    check_theme(b, "light").await
}

pub async fn axe_finds_no_violation_in_the_dark_theme(b: &Browser, _env: &Env) -> TestResult {
    check_theme(b, "dark").await
}

/// "?" opens the shortcuts list (not while typing), Escape closes it; the
/// first steps show on an empty console and stay dismissed after a reload.
pub async fn help_shortcuts_and_first_steps(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/groups").await?;
    ensure(b.text("[data-test=first-steps]").await?.contains("Connect Ocean"), "first steps not shown on an empty console")?;
    let open = || async { b.client.execute("return document.querySelector('[data-test=shortcuts]').open;", vec![]).await.map_err(|e| e.to_string()) };
    // Typing "?" in a field is text, not a shortcut.
    b.fill("#group-id", "?").await?;
    ensure(open().await? == false, "'?' typed in a field opened the help")?;
    b.client.execute("document.activeElement.blur();", vec![]).await.map_err(|e| e.to_string())?;
    b.wait_for("body").await?.send_keys("?").await.map_err(|e| e.to_string())?;
    ensure(open().await? == true, "'?' did not open the shortcuts")?;
    ensure(b.text("[data-test=shortcuts]").await?.contains("Home / End"), "tree keys not listed")?;
    b.screenshot("shortcuts").await?;
    b.wait_for("[data-test=shortcuts] button").await?.send_keys("\u{e00c}").await.map_err(|e| e.to_string())?;
    ensure(open().await? == false, "Escape did not close the shortcuts")?;
    b.click("[data-test=dismiss-first-steps]").await?;
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_for("[data-test=pinned-groups] li").await?;
    ensure(b.count("[data-test=first-steps]").await? == 0, "first steps back after dismissal")
}

/// On a phone-sized window (390 × 844) the tree and the map stay usable:
/// nothing overflows sideways, the tree still opens by tap, the map shows.
pub async fn narrow_layout_keeps_tree_and_map_usable(b: &Browser, _env: &Env) -> TestResult {
    b.client.set_window_size(390, 844).await.map_err(|e| e.to_string())?;
    let overflow = || async {
        b.client
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .map_err(|e| e.to_string())
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
    };
    b.goto("/drivers").await?;
    b.wait_for("[data-test=tree] [role=treeitem]").await?;
    b.screenshot("narrow-drivers").await?;
    let wide = b
        .client
        .execute("return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className);", vec![])
        .await
        .map_err(|e| e.to_string())?;
    ensure(overflow().await? <= 0.0, format!("drivers page overflows sideways by {} px: {wide}", overflow().await?))?;
    b.click("[data-test=tree] [role=treeitem][aria-expanded=false] .toggle").await?;
    b.wait_for("[data-test=tree] [role=treeitem][aria-expanded=true]").await?;
    b.goto("/map").await?;
    b.wait_for(".leaflet-container").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    ensure(overflow().await? <= 0.0, format!("map page overflows sideways by {} px", overflow().await?))?;
    let height = b.client.execute("return document.querySelector('.leaflet-container').getBoundingClientRect().height;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(height.as_f64().unwrap_or(0.0) >= 250.0, format!("map only {height} px high"))?;
    b.screenshot("narrow-map").await
}

/// By default the theme is the operating system's, and follows it live.
pub async fn system_theme_follows_the_os(b: &Browser, _env: &Env) -> TestResult {
    let theme = || async {
        b.client.execute("return document.documentElement.dataset.theme || '';", vec![]).await.map_err(|e| e.to_string())
    };
    b.emulate_color_scheme("dark").await?;
    b.goto("/groups").await?;
    b.wait_for("nav").await?;
    ensure(theme().await? == "dark", format!("OS dark, console {:?}", theme().await?))?;
    b.emulate_color_scheme("light").await?;
    for _ in 0..50 {
        if theme().await? == "light" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    ensure(theme().await? == "light", "the console did not follow the OS to light")?;
    // A user's choice wins over the OS.
    b.wait_for("[data-test=theme]").await?.select_by_value("dark").await.map_err(|e| e.to_string())?;
    b.emulate_color_scheme("light").await?;
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_for("nav").await?;
    ensure(theme().await? == "dark", "the saved choice did not survive a reload")
}
