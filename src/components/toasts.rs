use std::time::Duration;

use leptos::prelude::*;

/// Short confirmations of completed actions ("Group saved"), shown at the
/// bottom of the screen for a few seconds; they survive a route change.
#[derive(Clone, Copy, Default)]
pub struct Toasts(RwSignal<Vec<(u64, String)>>);

impl Toasts {
    pub fn show(&self, text: impl Into<String>) {
        let id = js_sys::Date::now() as u64 ^ (js_sys::Math::random() * 1e6) as u64;
        self.0.update(|t| t.push((id, text.into())));
        let list = self.0;
        set_timeout(move || list.update(|t| t.retain(|(i, _)| *i != id)), Duration::from_secs(6));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastArea() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-test="toasts">
            <For each=move || toasts.0.get() key=|(id, _)| *id let:toast>
                <p class="toast">{toast.1}</p>
            </For>
        </div>
    }
}
