//! Code a screen fetches on first use: a part whose entry point is a
//! `wasm_split` function of its own module (cut by `scripts/split-wasm.sh`),
//! so that a first visit does not download what its first screen does not
//! show. [`OnDemand`] is where that module is, for the view: preloaded
//! quietly when the pointer nears the part, fetched in view of the user on
//! use, and a failed fetch is a state the view words, never a panic (the
//! split functions are `fallible`, and a failed fetch is not cached, so
//! "try again" fetches again).
//!
//! With the `unsplit` feature there is no module to fetch: every part is
//! here at once.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

pub use leptos::wasm_split::SplitLoaderError;

/// A part's preload: fetches its module (and the chunks it needs) without
/// running anything of it; at once once it is here.
pub type Preload = fn() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// Where a part's module is, as the view says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetch {
    /// Not asked for yet, or only preloaded quietly so far.
    NotYet,
    /// The user asked for the part and waits for its module.
    Fetching,
    Here,
    /// The user asked for the part and its module could not be fetched.
    Failed,
}

/// One part's module, for the view of the page that uses it.
#[derive(Clone, Copy)]
pub struct OnDemand {
    fetch: RwSignal<Fetch>,
    preload: Preload,
}

impl OnDemand {
    pub fn new(preload: Preload) -> OnDemand {
        OnDemand { fetch: RwSignal::new(Fetch::NotYet), preload }
    }

    /// Where the module is (tracked).
    pub fn fetch(&self) -> Fetch {
        self.fetch.get()
    }

    /// Where the module is, untracked (for an event handler).
    pub fn fetch_untracked(&self) -> Fetch {
        self.fetch.get_untracked()
    }

    /// The pointer nears the part, or its field has the focus: its module
    /// starts on its way, so that the use rarely waits. Nothing is shown:
    /// a failure here is met again, and said, on use.
    pub fn warm(self) {
        if self.fetch.get_untracked() != Fetch::NotYet {
            return;
        }
        let preload = self.preload;
        spawn_local(async move {
            if preload().await.is_ok() {
                // `try_`: the page may have been left in the meantime.
                self.fetch.try_update(|f| {
                    if *f == Fetch::NotYet {
                        *f = Fetch::Here;
                    }
                });
            }
        });
    }

    /// The user uses the part: its module, fetched in view (the view shows
    /// [`Fetch::Fetching`], then the part or [`Fetch::Failed`]). A fetch
    /// already on its way, a quiet one included, is joined, not repeated.
    pub async fn ready(self) -> Result<(), SplitLoaderError> {
        if self.fetch.get_untracked() == Fetch::Here {
            return Ok(());
        }
        self.fetch.set(Fetch::Fetching);
        let fetched = (self.preload)().await;
        self.fetch.try_set(if fetched.is_ok() { Fetch::Here } else { Fetch::Failed });
        fetched
    }

    /// [`Self::ready`], for a view that shows the part once it is here.
    pub fn get_ready(self) {
        if matches!(self.fetch.get_untracked(), Fetch::NotYet | Fetch::Failed) {
            spawn_local(async move {
                let _ = self.ready().await;
            });
        }
    }
}

/// The result of a split function whose module is [`Fetch::Here`]: its
/// wrapper then runs the function in its first poll, so a view can build
/// the part in its own reactive owner rather than after an `await`.
/// `None` if the module is not here after all.
pub fn at_once<T>(call: impl Future<Output = Result<T, SplitLoaderError>>) -> Option<T> {
    use futures::FutureExt;
    call.now_or_never().and_then(Result::ok)
}

/// Declares a part's entry point `$name`: the split function of module
/// `$module` (`scripts/split-wasm.sh` cuts everything reached only from it
/// out of the page's module), `$preload` to fetch that module, and `$call`,
/// which fetches it if need be and then calls `$name`. Without the split
/// (`unsplit`) there is nothing to fetch: `$preload` is done at once and
/// `$call` calls straight away.
macro_rules! on_demand_part {
    (
        module $module:ident, preload $preload:ident, call $call:ident;
        $(#[$meta:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$meta])*
        #[cfg_attr(
            not(feature = "unsplit"),
            leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload($preload)
            )
        )]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(feature = "unsplit")]
        $vis async fn $preload() -> Result<(), $crate::on_demand::SplitLoaderError> {
            Ok(())
        }

        $vis async fn $call($($arg: $ty),*) -> $ret {
            #[cfg(not(feature = "unsplit"))]
            return $name($($arg),*).await;
            #[cfg(feature = "unsplit")]
            return $name($($arg),*);
        }
    };
}
pub(crate) use on_demand_part;
