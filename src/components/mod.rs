pub mod badges;
pub mod feed_error;
pub mod header;
pub mod loading;
pub mod product_card;
