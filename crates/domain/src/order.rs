//! Checkout: validating the order form and writing the WhatsApp message.
//!
//! NTT Mart outlets take orders over WhatsApp, so checking out means opening
//! `wa.me/<outlet number>?text=<order>` with the order already written. The
//! message is plain text that staff read on a phone and reply to; it names
//! every product, quantity, price and the total, computed with the same
//! checked arithmetic as the cart, and carries a short reference that both
//! sides can quote.

use crate::cart::{reconcile, AmountOverflow, Cart, Reconciled};
use crate::catalog::{Catalog, LaunchStatus, Outlet};
use crate::delivery::{self, DeliveryError, Destination, Fee};
use crate::digest::Fnv64;
use crate::lang::Lang;
use crate::money::Rupiah;
use crate::payment::{self, Method, Unavailable};
use crate::phone::{Phone, PhoneError};
use crate::slip::{self, Handover, Slip, SlipLine};
use std::fmt::{self, Write as _};

/// Longest customer name, in characters; room for a full Indonesian name with
/// a title, short enough to sit on one line of the message.
pub const NAME_MAX: usize = 80;
/// Longest delivery address, in characters.
pub const ADDRESS_MAX: usize = 300;
/// Longest note, in characters; keeps the message readable and the link
/// well below the lengths browsers and WhatsApp accept.
pub const NOTE_MAX: usize = 500;

/// How the customer gets the goods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fulfilment {
    /// Collected at the outlet.
    Pickup,
    /// Delivered by the outlet to `address`, in `destination` of the
    /// outlet's zones (`None`: not chosen yet).
    Delivery { destination: Option<Destination>, address: String },
}

/// The checkout form as the customer filled it in, unvalidated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutForm {
    /// Kabupaten slug of the outlet that takes the order.
    pub outlet: String,
    pub fulfilment: Fulfilment,
    pub name: String,
    /// As typed or already normalised; [`validate`] normalises it either way.
    pub phone: String,
    pub note: Option<String>,
    /// `None`: not chosen yet.
    pub payment: Option<Method>,
}

/// The form field an error belongs to, so the UI can show it in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Phone,
    Outlet,
    Address,
    Destination,
    Payment,
    Note,
    Cart,
}

/// One problem with the form or the cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    NameRequired,
    NameTooLong,
    Phone(PhoneError),
    OutletRequired,
    /// The slug matches no outlet in the catalog (a stale saved choice).
    OutletUnknown,
    /// The outlet is planned, not open: it cannot take orders yet.
    OutletNotOpen {
        name: String,
        /// `YYYY-MM-DD`, when the feed gives one.
        launch_date: Option<String>,
    },
    AddressRequired,
    AddressTooLong,
    /// Delivery needs the customer's area among the outlet's zones.
    DestinationRequired,
    /// The outlet does not deliver there (or the saved area is gone).
    NotDelivered(DeliveryError),
    PaymentRequired,
    /// The outlet does not accept this method (a stale saved choice).
    PaymentNotOffered,
    PaymentUnavailable(Unavailable),
    NoteTooLong,
    /// No line can be ordered: the cart is empty, or everything in it is sold
    /// out or withdrawn.
    NothingToOrder,
    /// The catalog changed since the cart was reconciled (price, stock,
    /// name); the UI should reconcile again and show the notices before the
    /// customer sends an order at prices they have not seen.
    CartChanged,
    /// See [`AmountOverflow`]; only a corrupted catalog can cause it.
    TotalTooLarge,
}

impl FormError {
    pub fn field(&self) -> Field {
        match self {
            FormError::NameRequired | FormError::NameTooLong => Field::Name,
            FormError::Phone(_) => Field::Phone,
            FormError::OutletRequired | FormError::OutletUnknown | FormError::OutletNotOpen { .. } => Field::Outlet,
            FormError::AddressRequired | FormError::AddressTooLong => Field::Address,
            FormError::DestinationRequired | FormError::NotDelivered(_) => Field::Destination,
            FormError::PaymentRequired | FormError::PaymentNotOffered | FormError::PaymentUnavailable(_) => {
                Field::Payment
            }
            FormError::NoteTooLong => Field::Note,
            FormError::NothingToOrder | FormError::CartChanged | FormError::TotalTooLarge => Field::Cart,
        }
    }

    /// The explanation shown next to the field.
    pub fn message(&self, lang: Lang) -> String {
        let s = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            FormError::NameRequired => s("Isi nama Anda.", "Enter your name."),
            FormError::NameTooLong => match lang {
                Lang::Id => format!("Nama terlalu panjang; paling banyak {NAME_MAX} huruf."),
                Lang::En => format!("The name is too long; at most {NAME_MAX} characters."),
            },
            FormError::Phone(e) => e.message(lang),
            FormError::OutletRequired => s("Pilih toko NTT Mart.", "Choose an NTT Mart store."),
            FormError::OutletUnknown => s(
                "Toko ini tidak ditemukan lagi; pilih toko NTT Mart lain.",
                "This store can no longer be found; choose another NTT Mart store.",
            ),
            FormError::OutletNotOpen { name, launch_date } => match (lang, launch_date) {
                (Lang::Id, Some(date)) => {
                    format!("{name} belum buka (rencana buka {date}) sehingga belum menerima pesanan; pilih toko lain.")
                }
                (Lang::Id, None) => {
                    format!("{name} belum buka sehingga belum menerima pesanan; pilih toko lain.")
                }
                (Lang::En, Some(date)) => format!(
                    "{name} has not opened yet (planned for {date}) and cannot take orders; choose another store."
                ),
                (Lang::En, None) => {
                    format!("{name} has not opened yet and cannot take orders; choose another store.")
                }
            },
            FormError::AddressRequired => s("Isi alamat pengantaran.", "Enter the delivery address."),
            FormError::AddressTooLong => match lang {
                Lang::Id => format!("Alamat terlalu panjang; paling banyak {ADDRESS_MAX} huruf."),
                Lang::En => format!("The address is too long; at most {ADDRESS_MAX} characters."),
            },
            FormError::DestinationRequired => s(
                "Pilih kecamatan/kelurahan tujuan, supaya ongkir bisa dihitung.",
                "Choose the district you want it delivered to, so the fee can be worked out.",
            ),
            FormError::NotDelivered(DeliveryError::NotDelivered) => s(
                "Outlet ini hanya mengantar ke wilayah dalam daftar. Pilih ambil di outlet, atau outlet lain.",
                "This outlet only delivers to the areas listed. Choose pickup, or another outlet.",
            ),
            FormError::NotDelivered(DeliveryError::UnknownZone) => s(
                "Wilayah antar ini tidak ada lagi di outlet ini; pilih lagi.",
                "This delivery area is no longer served by this outlet; choose again.",
            ),
            FormError::PaymentRequired => s("Pilih cara bayar.", "Choose how to pay."),
            FormError::PaymentNotOffered => s(
                "Outlet ini tidak menerima cara bayar itu; pilih yang lain.",
                "This outlet does not take that; choose another way to pay.",
            ),
            FormError::PaymentUnavailable(u) => u.message(lang),
            FormError::NoteTooLong => match lang {
                Lang::Id => format!("Catatan terlalu panjang; paling banyak {NOTE_MAX} huruf."),
                Lang::En => format!("The note is too long; at most {NOTE_MAX} characters."),
            },
            FormError::NothingToOrder => s(
                "Belum ada produk yang bisa dipesan di keranjang.",
                "There is nothing in the cart that can be ordered.",
            ),
            FormError::CartChanged => s(
                "Harga atau stok berubah. Periksa keranjang Anda sebelum memesan.",
                "Prices or stock have changed. Check your cart before ordering.",
            ),
            FormError::TotalTooLarge => s(
                "Total pesanan tidak dapat dihitung; kurangi jumlahnya.",
                "The order total cannot be calculated; order fewer items.",
            ),
        }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FormError {}

/// One product line of an order, at the current catalog price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    /// The variant's id (SKU), or the product's when it has no options.
    pub product_id: String,
    /// Whether `product_id` names one variant of a product with options;
    /// the message then gives it, so the outlet packs the right one.
    pub variant: bool,
    /// Grams each, when the feed gives them.
    pub weight_g: Option<u32>,
    pub name: String,
    /// As sold: `250 g`.
    pub unit: String,
    pub quantity: u32,
    pub price: Rupiah,
    /// `quantity × price`.
    pub total: Rupiah,
}

/// A validated order, ready to be written as a message. Text fields are
/// cleaned: single-line where the message needs one line, trimmed.
#[derive(Clone, Debug, PartialEq)]
pub struct Order<'c> {
    pub outlet: &'c Outlet,
    /// For delivery, the address on one line (typed lines joined with ", ").
    pub fulfilment: Fulfilment,
    pub name: String,
    pub phone: Phone,
    pub note: Option<String>,
    /// The orderable lines, in cart order.
    pub lines: Vec<OrderLine>,
    /// Sum of the line totals.
    pub subtotal: Rupiah,
    /// The delivery fee (`Fee::Pickup` for pickup).
    pub fee: Fee,
    /// Subtotal plus delivery; `None` while the outlet has to quote it.
    pub total: Option<Rupiah>,
    pub payment: Method,
}

/// The money part of checkout, shown while the customer fills the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub subtotal: Rupiah,
    /// `None` until the customer picks where to deliver.
    pub fee: Option<Result<Fee, DeliveryError>>,
    /// `None` while delivery is unknown or quoted.
    pub total: Option<Rupiah>,
}

/// Subtotal, delivery and total of the orderable lines of `cart` from
/// `outlet`, for `fulfilment` (the address text is not looked at).
/// `None` when nothing can be ordered or the sum overflows.
pub fn summary(cart: &Reconciled, catalog: &Catalog, outlet: &Outlet, fulfilment: &Fulfilment) -> Option<Summary> {
    let subtotal = cart.total().ok()?;
    let fee = fee_for(outlet, fulfilment, subtotal, || {
        delivery::order_weight(
            cart.orderable().map(|l| (catalog.item(&l.product_id).and_then(|(_, v)| v.weight_g), l.quantity)),
        )
    });
    let total = fee.and_then(Result::ok).and_then(Fee::amount).and_then(|f| subtotal.checked_add(f));
    Some(Summary { subtotal, fee, total })
}

/// The delivery fee for `fulfilment` of an order of `subtotal` (`weight`
/// gives its grams, asked only for a delivery); `None` while no
/// destination is chosen. The one rule behind both [`summary`] and
/// [`validate`], so what the form shows is what the order says.
fn fee_for(
    outlet: &Outlet,
    fulfilment: &Fulfilment,
    subtotal: Rupiah,
    weight: impl FnOnce() -> Option<u64>,
) -> Option<Result<Fee, DeliveryError>> {
    match fulfilment {
        Fulfilment::Pickup => Some(Ok(Fee::Pickup)),
        Fulfilment::Delivery { destination, .. } => destination_or_outside(outlet, *destination)
            .map(|to| delivery::fee(&outlet.delivery, to, subtotal, weight())),
    }
}

/// An outlet without zones has only "outside", so there is nothing to choose.
fn destination_or_outside(outlet: &Outlet, chosen: Option<Destination>) -> Option<Destination> {
    chosen.or(outlet.delivery.zones.is_empty().then_some(Destination::Outside))
}

/// Checks the form and the cart together and returns every problem at once,
/// in the order the fields appear (name, phone, outlet, address, note,
/// cart), so the customer fixes everything in one pass.
///
/// The cart is re-checked against `catalog`: if anything changed since it was
/// reconciled the result is [`FormError::CartChanged`] rather than an order
/// at prices the customer has not seen.
pub fn validate<'c>(form: &CheckoutForm, cart: &Reconciled, catalog: &'c Catalog) -> Result<Order<'c>, Vec<FormError>> {
    let mut errors = Vec::new();

    let name = single_line(&form.name);
    if name.is_empty() {
        errors.push(FormError::NameRequired);
    } else if name.chars().count() > NAME_MAX {
        errors.push(FormError::NameTooLong);
    }

    let phone = Phone::parse(&form.phone).map_err(|e| errors.push(FormError::Phone(e))).ok();

    let slug = form.outlet.trim();
    let outlet = match catalog.outlet(slug) {
        None if slug.is_empty() => {
            errors.push(FormError::OutletRequired);
            None
        }
        None => {
            errors.push(FormError::OutletUnknown);
            None
        }
        Some(o) if o.status != LaunchStatus::Launched => {
            errors.push(FormError::OutletNotOpen { name: o.name.clone(), launch_date: o.launch_date.clone() });
            None
        }
        Some(o) => Some(o),
    };

    let fulfilment = match &form.fulfilment {
        Fulfilment::Pickup => Fulfilment::Pickup,
        Fulfilment::Delivery { destination, address } => {
            let address = address_line(address);
            if address.is_empty() {
                errors.push(FormError::AddressRequired);
            } else if address.chars().count() > ADDRESS_MAX {
                errors.push(FormError::AddressTooLong);
            }
            let destination = outlet.and_then(|o| destination_or_outside(o, *destination));
            if outlet.is_some() && destination.is_none() {
                errors.push(FormError::DestinationRequired);
            }
            Fulfilment::Delivery { destination, address }
        }
    };

    let note = form.note.as_deref().map(clean_note).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
        errors.push(FormError::NoteTooLong);
    }

    // The cart's own problem is shown above the form, so it comes last.
    let mut cart_error = None;
    let lines = order_lines(cart, catalog).map_err(|e| cart_error = Some(e)).ok();

    // Delivery and payment need the outlet and the lines; each problem is
    // reported where the customer can fix it.
    let mut priced = None;
    if let (Some(outlet), Some((lines, subtotal))) = (outlet, &lines) {
        let weight = || delivery::order_weight(lines.iter().map(|l| (l.weight_g, l.quantity)));
        // No destination: `DestinationRequired` is already reported.
        match fee_for(outlet, &fulfilment, *subtotal, weight) {
            Some(Err(e)) => errors.push(FormError::NotDelivered(e)),
            None => {}
            Some(Ok(fee)) => {
                let total = fee.amount().map(|f| subtotal.checked_add(f));
                match total {
                    Some(None) => errors.push(FormError::TotalTooLarge),
                    total => priced = Some((fee, total.flatten())),
                }
            }
        }
    }
    let payment = match form.payment {
        None => {
            errors.push(FormError::PaymentRequired);
            None
        }
        Some(m) if outlet.is_some_and(|o| !m.offered_by(&o.payment)) => {
            errors.push(FormError::PaymentNotOffered);
            None
        }
        Some(m) => match priced.map(|(_, total)| payment::check(m, total)) {
            Some(Err(u)) => {
                errors.push(FormError::PaymentUnavailable(u));
                None
            }
            _ => Some(m),
        },
    };
    errors.extend(cart_error);

    match (errors.is_empty(), outlet, phone, lines, priced, payment) {
        (true, Some(outlet), Some(phone), Some((lines, subtotal)), Some((fee, total)), Some(payment)) => {
            Ok(Order { outlet, fulfilment, name, phone, note, lines, subtotal, fee, total, payment })
        }
        _ => Err(errors),
    }
}

fn order_lines(cart: &Reconciled, catalog: &Catalog) -> Result<(Vec<OrderLine>, Rupiah), FormError> {
    let fresh = reconcile(cart.cart(), catalog);
    if fresh.cart() != cart.cart() || !fresh.lines().map(|(_, a)| a).eq(cart.lines().map(|(_, a)| a)) {
        return Err(FormError::CartChanged);
    }
    if !fresh.has_orderable() {
        return Err(FormError::NothingToOrder);
    }
    let total = fresh.total().map_err(|AmountOverflow| FormError::TotalTooLarge)?;
    let lines = fresh
        .orderable()
        .map(|line| {
            let item = catalog.item(&line.product_id);
            let product = item.map(|(p, _)| p);
            Ok(OrderLine {
                product_id: line.product_id.clone(),
                variant: item.is_some_and(|(p, _)| !p.options.is_empty()),
                weight_g: item.and_then(|(_, v)| v.weight_g),
                name: single_line(&line.name_seen),
                // Reconcile just found the product, so the lookup succeeds.
                unit: product.map(|p| single_line(&p.unit)).unwrap_or_default(),
                quantity: line.quantity,
                price: line.price_seen,
                total: line.total().map_err(|AmountOverflow| FormError::TotalTooLarge)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((lines, total))
}

/// Collapses whitespace and drops control characters: a name or product
/// name with a newline must not start a line of its own in the message,
/// where it could pass for another item or a different total.
pub(crate) fn single_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// An address typed over several lines becomes one: `Jl. Soekarno 5, RT 02`.
fn address_line(s: &str) -> String {
    s.lines().map(single_line).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ")
}

/// Notes may span lines (directions, timing); other control characters are
/// dropped and each line is trimmed.
fn clean_note(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_string()
}

impl Order<'_> {
    /// The order as the WhatsApp message text, in `lang`, ending with the
    /// link to its packing slip (`slip_url`) when there is one:
    ///
    /// ```text
    /// Halo NTT Mart Kabupaten Ngada, saya mau pesan:
    /// Pesanan: NTT-251128-4F7K
    ///
    /// 1. Kopi Arabika Flores Bajawa (250 g)
    ///    2 × Rp 65.000 = Rp 130.000
    /// Subtotal: Rp 130.000
    /// Ongkir (Faobata (Kota Bajawa)): Rp 10.000
    /// Total: Rp 140.000
    ///
    /// Antar ke: Jl. Ahmad Yani 5, Faobata (Kota Bajawa)
    /// Pembayaran: transfer Rp 140.123 (sudah termasuk kode unik 123) ke Bank NTT 0012345678 a.n. NTT Mart Ngada
    /// Nama: Maria Goreti
    /// HP: +62 812-3456-7890
    /// Catatan: Tolong dibungkus rapi
    ///
    /// Lembar pesanan untuk outlet: https://…/pesanan#v=1&…
    /// ```
    pub fn message(&self, reference: &str, lang: Lang, slip_url: Option<&str>) -> String {
        let mut out = String::new();
        let outlet = single_line(&self.outlet.name);
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Id => format!("Halo {outlet}, saya mau pesan:"),
                Lang::En => format!("Hello {outlet}, I would like to order:"),
            }
        );
        let _ = writeln!(out, "{}: {}", lang.pick("Pesanan", "Order"), single_line(reference));
        out.push('\n');
        for (i, line) in self.lines.iter().enumerate() {
            let _ = write!(out, "{}. {}", i + 1, line.name);
            if !line.unit.is_empty() {
                let _ = write!(out, " ({})", line.unit);
            }
            if line.variant {
                let _ = write!(out, "\n   SKU {}", single_line(&line.product_id));
            }
            let _ = writeln!(out, "\n   {} × {} = {}", line.quantity, line.price, line.total);
        }
        let place = self.place(lang);
        if let Fulfilment::Delivery { .. } = self.fulfilment {
            let _ = writeln!(out, "Subtotal: {}", self.subtotal);
            let label = lang.pick("Ongkir", "Delivery");
            if place.is_empty() {
                let _ = writeln!(out, "{label}: {}", self.fee.text(lang));
            } else {
                let _ = writeln!(out, "{label} {} {place}: {}", lang.pick("ke", "to"), self.fee.text(lang));
            }
        }
        match self.total {
            Some(total) => {
                let _ = writeln!(out, "Total: {total}");
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}: {}",
                    lang.pick("Total belum termasuk ongkir", "Total before delivery"),
                    self.subtotal
                );
            }
        }
        out.push('\n');
        match &self.fulfilment {
            Fulfilment::Pickup => {
                let _ = writeln!(
                    out,
                    "{}: {outlet}, {}",
                    lang.pick("Ambil di toko", "Pick up at"),
                    single_line(&self.outlet.address)
                );
            }
            Fulfilment::Delivery { address, .. } if place.is_empty() => {
                let _ = writeln!(out, "{}: {address}", lang.pick("Antar ke", "Deliver to"));
            }
            Fulfilment::Delivery { address, .. } => {
                let _ = writeln!(out, "{}: {address} ({place})", lang.pick("Antar ke", "Deliver to"));
            }
        }
        let delivery = matches!(self.fulfilment, Fulfilment::Delivery { .. });
        let pay = match (self.total, self.payment) {
            (Some(total), method) => slip::pay_line(method, total, reference, self.outlet, lang, delivery),
            (None, Method::Transfer) => match (&self.outlet.payment.transfer, lang) {
                (Some(a), Lang::Id) => format!(
                    "Pembayaran: transfer ke {} {} a.n. {}, setelah outlet menyebut ongkirnya (tambahkan kode unik {})",
                    a.bank,
                    a.account,
                    a.holder,
                    payment::kode_unik(reference)
                ),
                (Some(a), Lang::En) => format!(
                    "Payment: transfer to {} {} in the name of {}, once the outlet states the delivery fee (add the unique code {})",
                    a.bank,
                    a.account,
                    a.holder,
                    payment::kode_unik(reference)
                ),
                (None, _) => lang.pick("Pembayaran: transfer bank", "Payment: bank transfer").into(),
            },
            (None, method) => slip::pay_line(method, self.subtotal, reference, self.outlet, lang, delivery),
        };
        let _ = writeln!(out, "{pay}");
        let _ = writeln!(out, "{}: {}", lang.pick("Nama", "Name"), self.name);
        let _ = write!(out, "{}: {}", lang.pick("HP", "Phone"), self.phone.display());
        if let Some(note) = &self.note {
            let _ = write!(out, "\n{}: {note}", lang.pick("Catatan", "Note"));
        }
        if let Some(url) = slip_url {
            let _ = write!(out, "\n\n{}: {url}", lang.pick("Lembar pesanan untuk outlet", "Order slip for the outlet"));
        }
        out
    }

    /// For delivery, the zone/area as the message names it; else empty.
    pub fn place(&self, lang: Lang) -> String {
        match &self.fulfilment {
            Fulfilment::Delivery { destination: Some(to), .. } => delivery::place(&self.outlet.delivery, *to, lang),
            _ => String::new(),
        }
    }

    /// The order as the slip the outlet opens, and the device keeps.
    pub fn slip(&self, reference: &str, placed_ms: u64, lang: Lang) -> Slip {
        Slip {
            reference: reference.to_owned(),
            placed_ms,
            lang,
            outlet: self.outlet.kabupaten.clone(),
            name: self.name.clone(),
            phone: self.phone.as_str().to_owned(),
            handover: match &self.fulfilment {
                Fulfilment::Pickup => Handover::Pickup,
                Fulfilment::Delivery { address, .. } => {
                    Handover::Delivery { place: self.place(lang), address: address.clone() }
                }
            },
            note: self.note.clone(),
            payment: self.payment,
            delivery_fee: self.fee.amount(),
            lines: self
                .lines
                .iter()
                .map(|l| SlipLine {
                    product_id: l.product_id.clone(),
                    variant: None,
                    name: l.name.clone(),
                    unit: l.unit.clone(),
                    quantity: l.quantity,
                    price: l.price,
                })
                .collect(),
        }
    }

    /// The `wa.me` link that opens WhatsApp at the outlet with the message
    /// ready to send.
    pub fn whatsapp_url(&self, reference: &str, lang: Lang, slip_url: Option<&str>) -> String {
        whatsapp_url(&self.outlet.whatsapp, &self.message(reference, lang, slip_url))
    }
}

/// `https://wa.me/<number>?text=<percent-encoded text>`. Only the digits of
/// `number` are used: feed validation already guarantees `62…` digits, and
/// anything else would change where the link points.
pub fn whatsapp_url(number: &str, text: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("https://wa.me/{digits}?text={}", percent_encode(text))
}

/// Percent-encodes UTF-8 for a URL query value: every byte except the
/// RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~` becomes `%XX`. Space
/// is `%20` and `+` is `%2B`, so the text reads the same whether the receiver
/// decodes `+` as a space (form encoding) or not.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// Why a query value is not valid percent-encoded UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentDecodeError {
    /// A `%` at byte `at` is not followed by two hex digits.
    BadEscape { at: usize },
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// The inverse of [`percent_encode`], strict: `+` stays `+` and a malformed
/// escape is an error. Used by tests to prove the encoding round-trips, and
/// available for reading links back.
pub fn percent_decode(text: &str) -> Result<String, PercentDecodeError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).and_then(|&b| char::from(b).to_digit(16));
            match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    // Two hex digits are at most 0xFF.
                    out.push(u8::try_from(hi << 4 | lo).unwrap_or(0));
                    i += 3;
                }
                _ => return Err(PercentDecodeError::BadEscape { at: i }),
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| PercentDecodeError::NotUtf8)
}

/// Characters of the reference code: digits and capitals without `0`/`O` and
/// `1`/`I`, which are confused when read out over the phone. 32 characters,
/// so each carries 5 bits.
const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// WITA, Nusa Tenggara Timur's time zone (UTC+8, no daylight saving).
const WITA_OFFSET_MS: u64 = 8 * 60 * 60 * 1000;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// A short order reference such as `NTT-251128-4F7K`: the date in WITA
/// (`YYMMDD`), so staff see at a glance which day an order is from, and four
/// characters from a hash of the time and the cart, so that two orders
/// rarely share one (about one in a million for the same day). It is a
/// label for conversation, not a unique key or a secret.
pub fn order_reference(now_unix_ms: u64, cart: &Cart) -> String {
    let (year, month, day) = crate::date::civil_from_days(now_unix_ms.saturating_add(WITA_OFFSET_MS) / DAY_MS);
    let mut hash = Fnv64::new();
    hash.write(&now_unix_ms.to_le_bytes());
    for line in cart.lines() {
        // Length-prefixed so that ("AB", 1) and ("A", …) cannot collide by
        // concatenation.
        hash.write(&(line.product_id.len() as u64).to_le_bytes());
        hash.write(line.product_id.as_bytes());
        hash.write(&line.quantity.to_le_bytes());
        hash.write(&line.price_seen.0.to_le_bytes());
    }
    // Fold the high half in: FNV's low bits alone mix less well.
    let h = hash.finish();
    let h = h ^ (h >> 29) ^ (h >> 47);
    let code: String = (0..4).map(|i| char::from(REFERENCE_ALPHABET[((h >> (5 * i)) & 31) as usize])).collect();
    format!("NTT-{:02}{month:02}{day:02}-{code}", year % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::tests::{catalog, product};
    use crate::cart::{reconcile, Cart};
    use crate::catalog::{BankAccount, Catalog, Delivery, Outlet, Outside, Payment, WeightTier, Zone};
    use proptest::prelude::*;

    fn outlet(kabupaten: &str, name: &str, status: LaunchStatus) -> Outlet {
        Outlet {
            kabupaten: kabupaten.into(),
            name: name.into(),
            town: "Bajawa".into(),
            status,
            launch_date: Some("2026-03-02".into()),
            whatsapp: "6281100053709".into(),
            address: "Jl. Soekarno-Hatta No. 3, Bajawa".into(),
            hours: "Senin–Sabtu 08.00–20.00 WITA".into(),
            delivery: Delivery::default(),
            payment: Payment::default(),
        }
    }

    fn shop() -> Catalog {
        let mut kopi = product("NGD-0001", "Kopi Arabika Flores Bajawa", 65_000, 10);
        kopi.unit = "250 g".into();
        let mut madu = product("NGD-0002", "Madu Hutan \"Asli\" & Murni #1 🐝", 115_000, 5);
        madu.unit = "650 ml".into();
        let sold_out = product("NGD-0003", "Kopi Robusta", 45_000, 0);
        let mut c = catalog(vec![kopi, madu, sold_out]);
        c.outlets = vec![
            outlet("ngada", "NTT Mart Kabupaten Ngada", LaunchStatus::Launched),
            outlet("sumba-tengah", "NTT Mart Kabupaten Sumba Tengah", LaunchStatus::Planned),
        ];
        c
    }

    fn filled(c: &Catalog) -> Reconciled {
        let mut cart = Cart::new();
        cart.add(&c.products[0], c.products[0].first_variant(), 2);
        cart.add(&c.products[1], c.products[1].first_variant(), 1);
        let mut sold_out = c.products[2].clone();
        sold_out.first_variant_mut().stock = 3;
        cart.add(&sold_out, sold_out.first_variant(), 1);
        reconcile(&cart, c)
    }

    fn form() -> CheckoutForm {
        CheckoutForm {
            outlet: "ngada".into(),
            fulfilment: Fulfilment::Pickup,
            name: "  Maria   Goreti ".into(),
            phone: "0812-3456-7890".into(),
            note: Some("Tolong dibungkus rapi".into()),
            payment: Some(Method::Cash),
        }
    }

    const REF: &str = "NTT-251128-4F7K";

    #[test]
    fn writes_the_indonesian_message() {
        let c = shop();
        let order = validate(&form(), &filled(&c), &c).unwrap();
        assert_eq!(order.total, Some(Rupiah(245_000)));
        assert_eq!(
            order.message(REF, Lang::Id, None),
            "Halo NTT Mart Kabupaten Ngada, saya mau pesan:\n\
             Pesanan: NTT-251128-4F7K\n\
             \n\
             1. Kopi Arabika Flores Bajawa (250 g)\n   \
             2 × Rp 65.000 = Rp 130.000\n\
             2. Madu Hutan \"Asli\" & Murni #1 🐝 (650 ml)\n   \
             1 × Rp 115.000 = Rp 115.000\n\
             Total: Rp 245.000\n\
             \n\
             Ambil di toko: NTT Mart Kabupaten Ngada, Jl. Soekarno-Hatta No. 3, Bajawa\n\
             Pembayaran: tunai di outlet saat mengambil\n\
             Nama: Maria Goreti\n\
             HP: +62 812-3456-7890\n\
             Catatan: Tolong dibungkus rapi"
        );
    }

    #[test]
    fn writes_the_english_delivery_message() {
        let c = shop();
        let mut f = form();
        f.fulfilment =
            Fulfilment::Delivery { destination: None, address: " Jl. El Tari 5\r\n  RT 02 / RW 01\n\nBajawa ".into() };
        f.note = Some("  \n ".into());
        let order = validate(&f, &filled(&c), &c).unwrap();
        assert_eq!(order.note, None);
        assert_eq!(
            order.message(REF, Lang::En, Some("https://nttmart.example/pesanan#v=1")),
            "Hello NTT Mart Kabupaten Ngada, I would like to order:\n\
             Order: NTT-251128-4F7K\n\
             \n\
             1. Kopi Arabika Flores Bajawa (250 g)\n   \
             2 × Rp 65.000 = Rp 130.000\n\
             2. Madu Hutan \"Asli\" & Murni #1 🐝 (650 ml)\n   \
             1 × Rp 115.000 = Rp 115.000\n\
             Subtotal: Rp 245.000\n\
             Delivery: quoted by the outlet\n\
             Total before delivery: Rp 245.000\n\
             \n\
             Deliver to: Jl. El Tari 5, RT 02 / RW 01, Bajawa\n\
             Payment: cash to the courier on delivery (COD)\n\
             Name: Maria Goreti\n\
             Phone: +62 812-3456-7890\n\
             \n\
             Order slip for the outlet: https://nttmart.example/pesanan#v=1"
        );
    }

    #[test]
    fn names_cannot_break_the_message_layout() {
        let c = shop();
        let mut f = form();
        f.name = "Maria\nTotal: Rp 1".into();
        f.note = Some("Lewat\tbelakang\r\nJam 5 sore\u{7}".into());
        let order = validate(&f, &filled(&c), &c).unwrap();
        assert_eq!(order.name, "Maria Total: Rp 1");
        assert_eq!(order.note.as_deref(), Some("Lewat belakang\nJam 5 sore"));
        let text = order.message(REF, Lang::Id, None);
        assert_eq!(text.lines().filter(|l| l.starts_with("Total:")).count(), 1);
        assert!(text.ends_with("Catatan: Lewat belakang\nJam 5 sore"));
    }

    #[test]
    fn reports_every_field_error_at_once() {
        let c = shop();
        let empty = reconcile(&Cart::new(), &c);
        let f = CheckoutForm {
            outlet: " ".into(),
            fulfilment: Fulfilment::Delivery { destination: None, address: " \n ".into() },
            name: " ".into(),
            phone: "0812 abc".into(),
            note: Some("x".repeat(NOTE_MAX + 1)),
            payment: None,
        };
        let errors = validate(&f, &empty, &c).unwrap_err();
        assert_eq!(
            errors,
            [
                FormError::NameRequired,
                FormError::Phone(PhoneError::Letters),
                FormError::OutletRequired,
                FormError::AddressRequired,
                FormError::NoteTooLong,
                FormError::PaymentRequired,
                FormError::NothingToOrder,
            ]
        );
        let fields: Vec<Field> = errors.iter().map(FormError::field).collect();
        assert_eq!(
            fields,
            [Field::Name, Field::Phone, Field::Outlet, Field::Address, Field::Note, Field::Payment, Field::Cart]
        );
    }

    #[test]
    fn checks_lengths_in_characters() {
        let c = shop();
        let cart = filled(&c);
        let mut f = form();
        f.name = "é".repeat(NAME_MAX);
        f.fulfilment = Fulfilment::Delivery { destination: None, address: "🐝".repeat(ADDRESS_MAX) };
        f.note = Some("☕".repeat(NOTE_MAX));
        assert!(validate(&f, &cart, &c).is_ok());
        f.name.push('é');
        f.fulfilment = Fulfilment::Delivery { destination: None, address: "🐝".repeat(ADDRESS_MAX + 1) };
        assert_eq!(validate(&f, &cart, &c).unwrap_err(), [FormError::NameTooLong, FormError::AddressTooLong]);
    }

    #[test]
    fn planned_and_unknown_outlets_cannot_take_orders() {
        let c = shop();
        let cart = filled(&c);
        let mut f = form();
        f.outlet = "sumba-tengah".into();
        let errors = validate(&f, &cart, &c).unwrap_err();
        assert_eq!(
            errors,
            [FormError::OutletNotOpen {
                name: "NTT Mart Kabupaten Sumba Tengah".into(),
                launch_date: Some("2026-03-02".into())
            }]
        );
        assert_eq!(
            errors[0].message(Lang::Id),
            "NTT Mart Kabupaten Sumba Tengah belum buka (rencana buka 2026-03-02) sehingga belum menerima pesanan; pilih toko lain."
        );
        f.outlet = "bali".into();
        assert_eq!(validate(&f, &cart, &c).unwrap_err(), [FormError::OutletUnknown]);
    }

    #[test]
    fn only_sold_out_or_missing_lines_is_nothing_to_order() {
        let c = shop();
        let mut cart = Cart::new();
        let mut sold_out = c.products[2].clone();
        sold_out.first_variant_mut().stock = 3;
        cart.add(&sold_out, sold_out.first_variant(), 1);
        cart.add(&product("GONE-1", "Hilang", 1_000, 3), (product("GONE-1", "Hilang", 1_000, 3)).first_variant(), 1);
        let r = reconcile(&cart, &c);
        assert_eq!(validate(&form(), &r, &c).unwrap_err(), [FormError::NothingToOrder]);
    }

    #[test]
    fn a_catalog_change_after_reconcile_stops_the_order() {
        let c = shop();
        let cart = filled(&c);
        let mut newer = c.clone();
        newer.products[0].first_variant_mut().price = Rupiah(70_000);
        assert_eq!(validate(&form(), &cart, &newer).unwrap_err(), [FormError::CartChanged]);
        let mut restocked = c.clone();
        restocked.products[2].first_variant_mut().stock = 4;
        assert_eq!(validate(&form(), &cart, &restocked).unwrap_err(), [FormError::CartChanged]);
        let order = validate(&form(), &reconcile(cart.cart(), &newer), &newer).unwrap();
        assert_eq!(order.total, Some(Rupiah(2 * 70_000 + 115_000)));
    }

    #[test]
    fn whatsapp_link_carries_the_exact_text() {
        let c = shop();
        let order = validate(&form(), &filled(&c), &c).unwrap();
        let text = order.message(REF, Lang::Id, Some("https://nttmart.example/pesanan#v=1&r=NTT"));
        let url = order.whatsapp_url(REF, Lang::Id, Some("https://nttmart.example/pesanan#v=1&r=NTT"));
        let param = url.strip_prefix("https://wa.me/6281100053709?text=").unwrap();
        assert!(!param.contains([' ', '\n', '&', '#', '?', '+', '"', '\'']));
        assert!(param.starts_with("Halo%20NTT%20Mart%20Kabupaten%20Ngada%2C%20saya%20mau%20pesan%3A%0APesanan"));
        assert_eq!(percent_decode(param).unwrap(), text);
    }

    #[test]
    fn percent_encoding_is_exact() {
        assert_eq!(percent_encode("a b\nc+d%e&f#g?h\"i'j~k.l_m-n"), "a%20b%0Ac%2Bd%25e%26f%23g%3Fh%22i%27j~k.l_m-n");
        assert_eq!(percent_encode("☕🐝×"), "%E2%98%95%F0%9F%90%9D%C3%97");
        for text in ["Kopi & Madu #1? \"ya\" 'ok' 🐝☕\n+62 100%", "", "%", "%%25"] {
            assert_eq!(percent_decode(&percent_encode(text)).as_deref(), Ok(text));
        }
        assert_eq!(percent_decode("a+b"), Ok("a+b".into()));
        assert_eq!(percent_decode("%e2%98%95"), Ok("☕".into()));
        assert_eq!(percent_decode("100%"), Err(PercentDecodeError::BadEscape { at: 3 }));
        assert_eq!(percent_decode("%G1"), Err(PercentDecodeError::BadEscape { at: 0 }));
        assert_eq!(percent_decode("%FF"), Err(PercentDecodeError::NotUtf8));
        assert_eq!(whatsapp_url("+62 811-0005-3709", "Halo"), "https://wa.me/6281100053709?text=Halo");
    }

    #[test]
    fn reference_uses_the_wita_date_and_an_unambiguous_code() {
        let c = shop();
        let cart = filled(&c).into_cart();
        // 2025-11-27 16:30 UTC is 2025-11-28 00:30 in Kupang.
        let r = order_reference(1_764_261_000_000, &cart);
        assert!(r.starts_with("NTT-251128-"), "{r}");
        // One second before midnight WITA is still the 27th.
        assert!(order_reference(1_764_259_199_000, &cart).starts_with("NTT-251127-"));
        assert!(order_reference(1_764_259_200_000, &cart).starts_with("NTT-251128-"));
        assert!(order_reference(951_782_400_000, &cart).starts_with("NTT-000229-"));
        assert!(order_reference(0, &Cart::new()).starts_with("NTT-700101-"));
        assert_eq!(r.len(), "NTT-251128-4F7K".len());
        assert_eq!(r, order_reference(1_764_261_000_000, &cart), "deterministic");
        assert_ne!(r, order_reference(1_764_261_000_001, &cart));
        assert_ne!(r, order_reference(1_764_261_000_000, &Cart::new()));
    }

    /// Ngada with zones, weight tiers outside them, and every payment method.
    fn delivering_shop(outside: Outside) -> Catalog {
        let mut c = shop();
        c.products[0].first_variant_mut().weight_g = Some(300);
        c.products[1].first_variant_mut().weight_g = Some(900);
        let o = &mut c.outlets[0];
        o.delivery = Delivery {
            zones: vec![Zone {
                name: "Kota Bajawa".into(),
                areas: vec!["Faobata".into(), "Trikora".into()],
                within_km: None,
                fee: Rupiah(10_000),
                free_from: Some(Rupiah(300_000)),
            }],
            outside,
        };
        o.payment = Payment {
            cash: true,
            transfer: Some(BankAccount {
                bank: "Bank NTT".into(),
                account: "0012345678".into(),
                holder: "NTT Mart Ngada".into(),
            }),
            qris: Some(crate::payment::tests::STICKER.into()),
        };
        c
    }

    fn deliver(to: Option<Destination>, payment: Method) -> CheckoutForm {
        CheckoutForm {
            fulfilment: Fulfilment::Delivery { destination: to, address: "Jl. Ahmad Yani 5".into() },
            payment: Some(payment),
            note: None,
            ..form()
        }
    }

    #[test]
    fn a_zone_delivery_states_subtotal_fee_total_and_the_transfer_with_its_code() {
        let c = delivering_shop(Outside::Quote);
        let faobata = Some(Destination::Zone { zone: 0, area: Some(0) });
        let order = validate(&deliver(faobata, Method::Transfer), &filled(&c), &c).unwrap();
        assert_eq!(
            (order.subtotal, order.fee, order.total),
            (Rupiah(245_000), Fee::Amount(Rupiah(10_000)), Some(Rupiah(255_000)))
        );
        let code = payment::kode_unik(REF);
        let text = order.message(REF, Lang::Id, Some("https://x.example/pesanan#v=1"));
        let tail = format!(
            "Subtotal: Rp 245.000\n\
             Ongkir ke Faobata, Kota Bajawa: Rp 10.000\n\
             Total: Rp 255.000\n\
             \n\
             Antar ke: Jl. Ahmad Yani 5 (Faobata, Kota Bajawa)\n\
             Pembayaran: transfer {} (sudah termasuk kode unik {code}) ke Bank NTT 0012345678 a.n. NTT Mart Ngada\n\
             Nama: Maria Goreti\n\
             HP: +62 812-3456-7890\n\
             \n\
             Lembar pesanan untuk outlet: https://x.example/pesanan#v=1",
            Rupiah(255_000 + u64::from(code))
        );
        assert!(text.ends_with(&tail), "{text}");
    }

    #[test]
    fn a_qris_order_needs_a_known_total_under_the_limit() {
        let c = delivering_shop(Outside::Quote);
        let cart = filled(&c);
        let order =
            validate(&deliver(Some(Destination::Zone { zone: 0, area: Some(1) }), Method::Qris), &cart, &c).unwrap();
        assert!(order.message(REF, Lang::Id, None).contains("\nPembayaran: QRIS sebesar Rp 255.000\n"));
        // Outside the zones the outlet quotes, so the amount is not known yet.
        assert_eq!(
            validate(&deliver(Some(Destination::Outside), Method::Qris), &cart, &c).unwrap_err(),
            [FormError::PaymentUnavailable(Unavailable::QrisNeedsTotal)]
        );
        let mut dear = c.clone();
        dear.products[1].first_variant_mut().price = Rupiah(10_000_000);
        let cart = reconcile(cart.cart(), &dear);
        let pickup = CheckoutForm { payment: Some(Method::Qris), ..form() };
        assert_eq!(
            validate(&pickup, &cart, &dear).unwrap_err(),
            [FormError::PaymentUnavailable(Unavailable::QrisOverLimit)]
        );
    }

    #[test]
    fn weight_tiers_free_thresholds_and_areas_not_served() {
        let tiers = Outside::Tiers(vec![
            WeightTier { up_to_g: 1_000, fee: Rupiah(25_000) },
            WeightTier { up_to_g: 2_000, fee: Rupiah(40_000) },
        ]);
        let c = delivering_shop(tiers);
        let cart = filled(&c); // 2 × 300 g + 900 g = 1,500 g
        let order = validate(&deliver(Some(Destination::Outside), Method::Cash), &cart, &c).unwrap();
        assert_eq!((order.fee, order.total), (Fee::Amount(Rupiah(40_000)), Some(Rupiah(285_000))));
        assert!(order.message(REF, Lang::Id, None).contains("\nOngkir: Rp 40.000\nTotal: Rp 285.000\n"));
        let mut big = Cart::new();
        big.add(&c.products[0], c.products[0].first_variant(), 10);
        let big = reconcile(&big, &c);
        let order =
            validate(&deliver(Some(Destination::Zone { zone: 0, area: Some(0) }), Method::Cash), &big, &c).unwrap();
        assert_eq!(order.fee, Fee::Free, "650,000 is over the zone's free-delivery threshold");
        assert!(order
            .message(REF, Lang::Id, None)
            .contains("Ongkir ke Faobata, Kota Bajawa: Gratis\nTotal: Rp 650.000\n"));
        let c = delivering_shop(Outside::None);
        assert_eq!(
            validate(&deliver(Some(Destination::Outside), Method::Cash), &filled(&c), &c).unwrap_err(),
            [FormError::NotDelivered(DeliveryError::NotDelivered)]
        );
        assert_eq!(
            validate(&deliver(None, Method::Cash), &filled(&c), &c).unwrap_err(),
            [FormError::DestinationRequired]
        );
        assert_eq!(
            validate(&deliver(Some(Destination::Zone { zone: 3, area: Some(0) }), Method::Cash), &filled(&c), &c)
                .unwrap_err(),
            [FormError::NotDelivered(DeliveryError::UnknownZone)]
        );
    }

    #[test]
    fn a_method_the_outlet_does_not_take_is_refused() {
        let c = shop();
        let f = CheckoutForm { payment: Some(Method::Transfer), ..form() };
        assert_eq!(validate(&f, &filled(&c), &c).unwrap_err(), [FormError::PaymentNotOffered]);
    }

    #[test]
    fn the_slip_carries_the_order_as_sent() {
        let c = delivering_shop(Outside::Quote);
        let order = validate(&deliver(Some(Destination::Outside), Method::Transfer), &filled(&c), &c).unwrap();
        let slip = order.slip(REF, 1_764_261_000_000, Lang::Id);
        assert_eq!(slip.delivery_fee, None);
        assert_eq!(slip.phone, "6281234567890");
        assert_eq!(slip.subtotal(), Some(order.subtotal));
        assert_eq!(slip.lines.len(), 2);
        assert_eq!(Slip::decode(&slip.encode()), Ok(slip.clone()));
        let text = order.message(REF, Lang::Id, None);
        assert!(text.contains(&format!("tambahkan kode unik {}", payment::kode_unik(REF))), "{text}");
        assert!(text.contains("Total belum termasuk ongkir: Rp 245.000"));
    }

    #[test]
    fn summary_matches_the_validated_order() {
        let c = delivering_shop(Outside::Quote);
        let cart = filled(&c);
        let to = Some(Destination::Zone { zone: 0, area: Some(0) });
        let fulfil = Fulfilment::Delivery { destination: to, address: String::new() };
        let s = summary(&cart, &c, &c.outlets[0], &fulfil).unwrap();
        let order = validate(&deliver(to, Method::Cash), &cart, &c).unwrap();
        assert_eq!((s.subtotal, s.fee, s.total), (order.subtotal, Some(Ok(order.fee)), order.total));
        let s = summary(&cart, &c, &c.outlets[0], &Fulfilment::Pickup).unwrap();
        assert_eq!((s.fee, s.total), (Some(Ok(Fee::Pickup)), Some(Rupiah(245_000))));
        let unchosen = Fulfilment::Delivery { destination: None, address: String::new() };
        assert_eq!(summary(&cart, &c, &c.outlets[0], &unchosen).unwrap().fee, None);
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(crate::date::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::date::civil_from_days(59), (1970, 3, 1));
        assert_eq!(crate::date::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(crate::date::civil_from_days(20_420), (2025, 11, 28));
        assert_eq!(crate::date::civil_from_days(47_540), (2100, 2, 28));
        assert_eq!(crate::date::civil_from_days(47_541), (2100, 3, 1));
    }

    proptest! {
        #[test]
        fn percent_encoding_round_trips(text in any::<String>()) {
            let encoded = percent_encode(&text);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            prop_assert_eq!(percent_decode(&encoded), Ok(text.clone()));
            let url = whatsapp_url("6281100053709", &text);
            let param = url.split_once("?text=").map(|(_, p)| p).unwrap_or_default();
            prop_assert_eq!(percent_decode(param), Ok(text));
        }

        #[test]
        fn percent_decode_never_panics(text in any::<String>()) {
            let _ = percent_decode(&text);
        }

        #[test]
        fn reference_is_well_formed_for_any_time(now in any::<u64>(), qty in 1u32..=99) {
            let mut cart = Cart::new();
            cart.add(&product("NGD-0001", "Kopi", 65_000, 99), (product("NGD-0001", "Kopi", 65_000, 99)).first_variant(), qty);
            let r = order_reference(now, &cart);
            let parts: Vec<&str> = r.split('-').collect();
            prop_assert_eq!(parts.len(), 3);
            prop_assert_eq!(parts[0], "NTT");
            prop_assert!(parts[1].len() == 6 && parts[1].bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(parts[2].len() == 4 && parts[2].bytes().all(|b| REFERENCE_ALPHABET.contains(&b)));
            prop_assert!(!parts[2].contains(['0', 'O', '1', 'I']));
        }

        #[test]
        fn message_totals_equal_cart_math(
            items in prop::collection::vec((1u64..=250_000_000, 0u32..120, 0u32..120), 1..12),
            name in any::<String>(),
        ) {
            let products: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, &(price, stock, _))| product(&format!("P-{i}"), &format!("{name} {i}"), price, stock))
                .collect();
            let mut c = shop();
            c.products = products;
            let mut cart = Cart::new();
            for (p, &(_, _, qty)) in c.products.iter().zip(&items) {
                cart.add(p, p.first_variant(), qty);
            }
            let r = reconcile(&cart, &c);
            match validate(&form(), &r, &c) {
                Ok(order) => {
                    let mut sum = 0u64;
                    for line in &order.lines {
                        prop_assert_eq!(line.total.0, line.price.0 * u64::from(line.quantity));
                        sum += line.total.0;
                    }
                    prop_assert_eq!(order.total, Some(Rupiah(sum)));
                    prop_assert_eq!(Ok(order.subtotal), r.total());
                    let text = order.message(REF, Lang::Id, None);
                    let total_line = format!("Total: {}", Rupiah(sum));
                    prop_assert_eq!(text.lines().filter(|l| l.starts_with("Total: ")).collect::<Vec<_>>(), vec![total_line.as_str()]);
                    for line in &order.lines {
                        let item_line = format!("   {} × {} = {}", line.quantity, line.price, line.total);
                        prop_assert!(text.contains(&item_line));
                    }
                    let url = order.whatsapp_url(REF, Lang::Id, None);
                    prop_assert_eq!(percent_decode(url.split_once("?text=").unwrap().1), Ok(text));
                }
                Err(errors) => prop_assert_eq!(errors, vec![FormError::NothingToOrder]),
            }
        }
    }
}
