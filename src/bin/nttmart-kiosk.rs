fn main() {
    nttmart_web::start_kiosk();
}
