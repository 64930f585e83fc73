fn main() {
    // A panic prints its message to the console instead of a bare "unreachable".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(fleet_console::App);
}
