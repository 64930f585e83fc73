use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. Pick one of these:"</p>
            <ul class="links">
                <li><A href="/groups">"Vehicle groups"</A></li>
                <li><A href="/drivers">"Drivers & chargers"</A></li>
                <li><A href="/map">"Nearest vehicles"</A></li>
                <li><A href="/connections">"Connections"</A></li>
            </ul>
        </section>
    }
}
