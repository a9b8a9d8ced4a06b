fn main() {
    nttmart_web::staf::start();
}
