use leptos::prelude::*;

use super::error_panel::ErrorPanel;
use crate::vendors::ApiError;

/// A vendor read in its three states: still running (a status line saying
/// what is awaited), failed (the error panel, with a retry where retrying
/// is safe: the caller decides) and read (the children, given the value).
#[component]
pub fn Loaded<T, R, F, V>(
    /// The read: `None` while it runs.
    read: R,
    vendor: &'static str,
    /// What the status line says while the read runs.
    #[prop(into)]
    loading: ViewFn,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    children: F,
) -> impl IntoView
where
    T: 'static,
    R: Fn() -> Option<Result<T, ApiError>> + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match read() {
        None => {
            let loading = loading.clone();
            view! {
                <p class="loading" role="status">
                    {move || loading.run()}
                </p>
            }
            .into_any()
        }
        Some(Err(error)) => match retry {
            Some(retry) => view! { <ErrorPanel error vendor retry /> }.into_any(),
            None => view! { <ErrorPanel error vendor /> }.into_any(),
        },
        Some(Ok(value)) => children(value).into_any(),
    }
}
