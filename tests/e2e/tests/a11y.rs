//! Accessibility: axe-core finds no violation on any page, in either colour
//! theme and either language; and the themes really differ. Screenshots:
//! `a11y-<theme>-<page>.png` (light in English, dark in French).

use std::time::Duration;

use fleet_e2e::{ensure, poll_until, Browser, Env, TestResult};

use fleet_e2e::fixtures::{ocean_login, pinned_ids};

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
    let mut violations = Vec::new();
    let mut backgrounds = Vec::new();
    for language in ["en", "fr"] {
        b.goto("/groups").await?;
        b.wait_for("nav").await?;
        b.client
            .execute(
                "localStorage.setItem('fleet-console.theme', arguments[0]); localStorage.setItem('fleet-console.language', arguments[1]);",
                vec![serde_json::json!(theme), serde_json::json!(language)],
            )
            .await
            .map_err(|e| e.to_string())?;
        check_pages(b, theme, language, &mut violations, &mut backgrounds).await?;
    }
    // Light pages are light, dark pages are dark (sum of the RGB channels).
    let brightness =
        |css: &str| css.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse::<u32>().ok()).take(3).sum::<u32>();
    for bg in &backgrounds {
        let bright = brightness(bg) > 3 * 128;
        ensure(bright == (theme == "light"), format!("{theme} theme has background {bg}"))?;
    }
    ensure(violations.is_empty(), format!("axe violations:\n{}", violations.join("\n")))
}

async fn check_pages(
    b: &Browser,
    theme: &str,
    language: &str,
    violations: &mut Vec<String>,
    backgrounds: &mut Vec<String>,
) -> TestResult {
    for (name, path, ready) in pages()? {
        b.goto(&path).await?;
        if name == "map" {
            ocean_login(b).await?;
        }
        b.wait_for(ready).await?;
        let applied = b
            .client
            .execute(
                "return [document.documentElement.dataset.theme || '', getComputedStyle(document.documentElement).backgroundColor, document.documentElement.lang];",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        ensure(applied[0] == theme, format!("{name}: data-theme is {:?}, expected {theme}", applied[0]))?;
        ensure(applied[2] == language, format!("{name}: lang is {:?}, expected {language}", applied[2]))?;
        backgrounds.push(applied[1].as_str().unwrap_or_default().to_string());
        for v in b.axe_violations().await? {
            violations.push(format!("{theme} {language} {name}: {v}"));
        }
        // One language per theme in the screenshot folder.
        if (theme == "light") == (language == "en") {
            b.screenshot(&format!("a11y-{theme}-{name}")).await?;
        }
    }
    Ok(())
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
    ensure(
        b.text("[data-test=first-steps]").await?.contains("Connect Ocean"),
        "first steps not shown on an empty console",
    )?;
    let open = || async {
        b.client
            .execute("return document.querySelector('[data-test=shortcuts]').open;", vec![])
            .await
            .map_err(|e| e.to_string())
    };
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
    let height = b
        .client
        .execute("return document.querySelector('.leaflet-container').getBoundingClientRect().height;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    ensure(height.as_f64().unwrap_or(0.0) >= 250.0, format!("map only {height} px high"))?;
    b.screenshot("narrow-map").await
}

/// By default the theme is the operating system's, and follows it live.
pub async fn system_theme_follows_the_os(b: &Browser, _env: &Env) -> TestResult {
    let theme = || async {
        b.client
            .execute("return document.documentElement.dataset.theme || '';", vec![])
            .await
            .map_err(|e| e.to_string())
    };
    b.emulate_color_scheme("dark").await?;
    b.goto("/groups").await?;
    b.wait_for("nav").await?;
    ensure(theme().await? == "dark", format!("OS dark, console {:?}", theme().await?))?;
    b.emulate_color_scheme("light").await?;
    poll_until("the console follows the OS to light", Duration::from_secs(5), || async {
        let now = theme().await?;
        Ok(if now == "light" { Ok(()) } else { Err(format!("{now:?}")) })
    })
    .await?;
    // A user's choice wins over the OS.
    b.wait_for("[data-test=theme]").await?.select_by_value("dark").await.map_err(|e| e.to_string())?;
    b.emulate_color_scheme("light").await?;
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_for("nav").await?;
    ensure(theme().await? == "dark", "the saved choice did not survive a reload")
}

/// The top-bar switch changes the language at once, keeps it over a reload,
/// and the numbers follow: a distance and a date in the nearest-vehicle list.
pub async fn switching_language_formats_dates_and_distances(b: &Browser, _env: &Env) -> TestResult {
    b.goto("/map").await?;
    ocean_login(b).await?;
    b.wait_for("[data-test=nearest] li").await?;
    // textContent, not WebDriver's text: that one turns no-break spaces into spaces.
    let first = |css: &'static str| async move {
        let script = format!("return document.querySelector('[data-test=nearest] li:first-child {css}').textContent;");
        let value = b.client.execute(&script, vec![]).await.map_err(|e| e.to_string())?;
        value.as_str().map(str::to_string).ok_or_else(|| format!("no text at {css}"))
    };
    let (distance, seen) = (first(".num").await?, first(".muted").await?);
    ensure(b.text("h1").await? == "Nearest vehicles", "not in English by default")?;
    ensure(distance.ends_with(" km") || distance.ends_with(" m"), format!("English distance {distance:?}"))?;
    ensure(!distance.contains(','), format!("English distance with a decimal comma: {distance:?}"))?;
    let english_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    ensure(
        seen.starts_with("seen ") && english_months.iter().any(|m| seen.contains(&format!(" {m} "))),
        format!("English date {seen:?}"),
    )?;

    b.wait_for("[data-test=language]").await?.select_by_value("fr").await.map_err(|e| e.to_string())?;
    b.wait_text("h1", "Véhicules proches", 5).await?;
    let (distance, seen) = (first(".num").await?, first(".muted").await?);
    ensure(
        distance.ends_with("\u{a0}km") || distance.ends_with("\u{a0}m"),
        format!("French distance without a no-break space: {distance:?}"),
    )?;
    ensure(
        distance.contains(',') || !distance.contains('.'),
        format!("French distance with a decimal point: {distance:?}"),
    )?;
    let french_months =
        ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    ensure(
        seen.starts_with("vu le ") && french_months.iter().any(|m| seen.contains(&format!(" {m} "))),
        format!("French date {seen:?}"),
    )?;
    let lang = b.client.execute("return document.documentElement.lang;", vec![]).await.map_err(|e| e.to_string())?;
    ensure(lang == "fr", format!("html lang is {lang}"))?;
    b.screenshot("language-fr-map").await?;

    // The choice survives a reload (the browser itself prefers English).
    b.client.refresh().await.map_err(|e| e.to_string())?;
    b.wait_text("nav", "Groupes", 5).await?;
    b.wait_for("[data-test=language]").await?.select_by_value("en").await.map_err(|e| e.to_string())?;
    b.wait_text("h1", "Nearest vehicles", 5).await.map(|_| ())
}

/// This file's browser tests, in the order they run.
pub fn tests() -> Vec<(&'static str, fleet_e2e::BrowserTest)> {
    fleet_e2e::browser_tests![
        axe_finds_no_violation_in_the_light_theme,
        axe_finds_no_violation_in_the_dark_theme,
        help_shortcuts_and_first_steps,
        narrow_layout_keeps_tree_and_map_usable,
        system_theme_follows_the_os,
        switching_language_formats_dates_and_distances,
    ]
}
