fn main() {
    nttmart_web::start();
}
