use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::vendors::{ApiError, Missing};

/// A failed vendor call: a sentence first (the vendor's own message quoted as
/// sent), the technical detail one click away, and a retry button where
/// retrying is safe (the caller decides). A screen may say it in its own
/// terms with `sentence`, worded in the current language.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    vendor: &'static str,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    #[prop(optional, into)] sentence: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let detail = error.to_string();
    let sentence = move || match sentence {
        Some(s) => s.get(),
        None => error_sentence(i18n.get_locale(), &error, vendor),
    };
    view! {
        <div class="error-panel" role="alert" data-test="error">
            <p class="sentence">{sentence}</p>
            <details>
                <summary>{t!(i18n, common.technical_details)}</summary>
                <code>{detail}</code>
            </details>
            {retry
                .map(|r| {
                    view! {
                        <button type="button" on:click=move |_| r.run(())>
                            {t!(i18n, common.try_again)}
                        </button>
                    }
                })}
        </div>
    }
}

/// A sentence a fleet manager understands, in their language; the
/// vendor's own message is quoted as sent. `to_string()` is the detail.
pub fn error_sentence(locale: Locale, error: &ApiError, vendor: &str) -> String {
    match error {
        ApiError::Network(_) => td_string!(locale, errors.network, vendor).to_string(),
        ApiError::Timeout(seconds) => td_string!(locale, errors.timeout, vendor, seconds).to_string(),
        ApiError::Http { status, vendor_message, retry_after_s } => {
            let what = match status {
                400 => td_string!(locale, errors.http_400, vendor).to_string(),
                401 => td_string!(locale, errors.http_401, vendor).to_string(),
                403 => td_string!(locale, errors.http_403, vendor).to_string(),
                404 => td_string!(locale, errors.http_404, vendor).to_string(),
                429 => match retry_after_s {
                    Some(s) => {
                        let wait = format::duration_s(locale, u64::from(*s));
                        td_string!(locale, errors.http_429_after, vendor, wait).to_string()
                    }
                    None => td_string!(locale, errors.http_429, vendor).to_string(),
                },
                502..=504 => td_string!(locale, errors.http_gateway, vendor).to_string(),
                500..=599 => td_string!(locale, errors.http_5xx, vendor).to_string(),
                status => td_string!(locale, errors.http_other, vendor, status).to_string(),
            };
            match vendor_message {
                Some(message) if !message.is_empty() => {
                    td_string!(locale, errors.with_vendor_message, what, message).to_string()
                }
                _ => td_string!(locale, errors.without_vendor_message, what).to_string(),
            }
        }
        ApiError::Decode { .. } => td_string!(locale, errors.decode, vendor).to_string(),
        ApiError::NotReady(Missing::OceanCredentials) => td_string!(locale, errors.need_ocean_credentials).to_string(),
        ApiError::NotReady(Missing::OceanSignIn) => td_string!(locale, errors.need_ocean_sign_in).to_string(),
        ApiError::Superseded => String::new(),
        ApiError::SignInRequired => td_string!(locale, signin.call_needs_sign_in, vendor).to_string(),
        ApiError::RoleRequired => td_string!(locale, signin.call_needs_editor, vendor).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_vendor_and_the_cause() {
        let e = ApiError::Http {
            status: 404,
            vendor_message: Some("Driver not found for the customer".into()),
            retry_after_s: None,
        };
        assert_eq!(
            error_sentence(Locale::en, &e, "eMabler"),
            "eMabler has no such record: “Driver not found for the customer”"
        );
        assert!(error_sentence(Locale::en, &ApiError::Timeout(15), "Ocean").contains("15 seconds"));
        assert!(error_sentence(
            Locale::en,
            &ApiError::Http { status: 401, vendor_message: None, retry_after_s: None },
            "Ocean"
        )
        .contains("credentials"));
        assert!(error_sentence(
            Locale::en,
            &ApiError::Http { status: 429, vendor_message: None, retry_after_s: Some(40) },
            "Ocean"
        )
        .contains("try again in 40 s"));
    }

    #[test]
    fn french_sentences_translate_ours_and_quote_the_vendor_as_sent() {
        let e = ApiError::Http {
            status: 404,
            vendor_message: Some("Driver not found for the customer".into()),
            retry_after_s: None,
        };
        assert_eq!(
            error_sentence(Locale::fr, &e, "eMabler"),
            "eMabler n’a pas cet enregistrement : « Driver not found for the customer »"
        );
        let limited = ApiError::Http { status: 429, vendor_message: None, retry_after_s: Some(90) };
        assert_eq!(
            error_sentence(Locale::fr, &limited, "Ocean"),
            "Ocean limite les requêtes ; réessayez dans 2\u{a0}min."
        );
        assert_eq!(
            error_sentence(Locale::fr, &ApiError::NotReady(Missing::OceanSignIn), "Ocean"),
            "Connectez-vous à Ocean pour continuer."
        );
    }
}
