//! How a customer pays an outlet: cash (at pickup, or to the courier), a
//! bank transfer with a unique code, or QRIS for the exact amount. There is
//! no payment server: the outlet checks its account or QRIS app and confirms
//! by hand, so the order states the amount it should see.

use crate::catalog::Payment;
use crate::digest::Fnv64;
use crate::lang::Lang;
use crate::money::Rupiah;

/// A payment method, as the checkout offers it and the slip records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Cash,
    Transfer,
    Qris,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Cash, Method::Transfer, Method::Qris];

    /// Short code for URLs and saved orders.
    pub fn code(self) -> &'static str {
        match self {
            Method::Cash => "tunai",
            Method::Transfer => "transfer",
            Method::Qris => "qris",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The method's name; cash reads differently for pickup and delivery.
    pub fn label(self, delivery: bool, lang: Lang) -> &'static str {
        match (self, delivery) {
            (Method::Cash, false) => lang.pick("Bayar di outlet saat mengambil", "Pay at the outlet on pickup"),
            (Method::Cash, true) => lang.pick("Bayar tunai ke kurir (COD)", "Cash to the courier (COD)"),
            (Method::Transfer, _) => lang.pick("Transfer bank", "Bank transfer"),
            (Method::Qris, _) => lang.pick("QRIS (semua bank dan e-wallet)", "QRIS (any bank or e-wallet)"),
        }
    }

    /// Whether the outlet accepts it. A QRIS that does not read as a static
    /// QRIS is never offered, whoever built the outlet (the feed reader
    /// drops one with an error; a hand-made `Outlet` is checked here).
    pub fn offered_by(self, payment: &Payment) -> bool {
        match self {
            Method::Cash => payment.cash,
            Method::Transfer => payment.transfer.is_some(),
            Method::Qris => payment.qris.as_deref().is_some_and(|q| crate::qris::parse_static(q).is_ok()),
        }
    }
}

/// The methods an outlet accepts, in the order the checkout lists them.
pub fn methods(payment: &Payment) -> Vec<Method> {
    Method::ALL.into_iter().filter(|m| m.offered_by(payment)).collect()
}

/// The kode unik of a bank transfer: 1 to 999 Rupiah added to the total so
/// the outlet can tell two transfers of the same amount apart in its bank
/// statement. It follows from the order reference alone, so the slip, the
/// reply and a later look at the order all give the same code.
pub fn kode_unik(reference: &str) -> u16 {
    let mut h = Fnv64::new();
    h.write(reference.trim().as_bytes());
    let h = h.finish();
    // Fold the high half in; `% 999` of FNV's low bits alone spreads less evenly.
    let folded = h ^ (h >> 32);
    (folded % 999) as u16 + 1
}

/// Why a method cannot pay this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// QRIS carries the exact amount, so the delivery fee must be known.
    QrisNeedsTotal,
    /// Bank Indonesia caps one QRIS payment at `qris::MAX_AMOUNT`.
    QrisOverLimit,
}

impl Unavailable {
    pub fn message(self, lang: Lang) -> String {
        match self {
            Unavailable::QrisNeedsTotal => lang
                .pick(
                    "QRIS memuat jumlah pasti, jadi baru bisa dipakai bila ongkir sudah diketahui. Pilih cara bayar lain, atau ambil di outlet.",
                    "QRIS carries the exact amount, so it needs a known delivery fee. Choose another way to pay, or pick up at the outlet.",
                )
                .into(),
            Unavailable::QrisOverLimit => match lang {
                Lang::Id => format!(
                    "QRIS hanya sampai {} per transaksi (aturan Bank Indonesia). Pilih transfer bank atau bayar di outlet.",
                    crate::qris::MAX_AMOUNT
                ),
                Lang::En => format!(
                    "QRIS allows at most {} per payment (Bank Indonesia's rule). Choose a bank transfer or pay at the outlet.",
                    crate::qris::MAX_AMOUNT
                ),
            },
        }
    }
}

/// Whether `method` can pay an order whose total is `total` (`None` while
/// the outlet has yet to quote delivery).
pub fn check(method: Method, total: Option<Rupiah>) -> Result<(), Unavailable> {
    match (method, total) {
        (Method::Qris, None) => Err(Unavailable::QrisNeedsTotal),
        (Method::Qris, Some(t)) if t > crate::qris::MAX_AMOUNT => Err(Unavailable::QrisOverLimit),
        _ => Ok(()),
    }
}

/// The amount to transfer: the total plus the kode unik.
pub fn transfer_amount(total: Rupiah, reference: &str) -> Option<Rupiah> {
    total.checked_add(Rupiah(u64::from(kode_unik(reference))))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::BankAccount;
    use proptest::prelude::*;

    /// A published static QRIS (see `qris` tests).
    pub(crate) const STICKER: &str = "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7";

    #[test]
    fn methods_follow_the_outlet() {
        assert_eq!(methods(&Payment::default()), [Method::Cash]);
        let all = Payment {
            cash: false,
            transfer: Some(BankAccount {
                bank: "Bank NTT".into(),
                account: "0012345678".into(),
                holder: "NTT Mart".into(),
            }),
            qris: Some(STICKER.into()),
        };
        assert_eq!(methods(&all), [Method::Transfer, Method::Qris]);
        let damaged = Payment { qris: Some(STICKER.replace("Bu Sugeng", "Bu Sugenk")), ..all };
        assert_eq!(methods(&damaged), [Method::Transfer], "a QRIS that does not read is not offered");
        for m in Method::ALL {
            assert_eq!(Method::from_code(m.code()), Some(m));
        }
        assert_eq!(Method::from_code("kartu"), None);
    }

    #[test]
    fn kode_unik_is_recomputed_from_the_reference() {
        assert_eq!(kode_unik("NTT-251128-4F7K"), kode_unik(" NTT-251128-4F7K "));
        assert_ne!(kode_unik("NTT-251128-4F7K"), kode_unik("NTT-251128-4F7L"));
        assert_eq!(
            transfer_amount(Rupiah(140_000), "NTT-251128-4F7K"),
            Some(Rupiah(140_000 + u64::from(kode_unik("NTT-251128-4F7K"))))
        );
    }

    #[test]
    fn qris_needs_a_known_total_within_the_limit() {
        assert_eq!(check(Method::Qris, None), Err(Unavailable::QrisNeedsTotal));
        assert_eq!(check(Method::Qris, Some(Rupiah(10_000_000))), Ok(()));
        assert_eq!(check(Method::Qris, Some(Rupiah(10_000_001))), Err(Unavailable::QrisOverLimit));
        assert_eq!(check(Method::Transfer, None), Ok(()));
        assert_eq!(check(Method::Cash, Some(Rupiah(90_000_000))), Ok(()));
    }

    proptest! {
        #[test]
        fn kode_unik_is_between_1_and_999(reference in "\\PC*") {
            let k = kode_unik(&reference);
            prop_assert!((1..=999).contains(&k));
        }
    }

    #[test]
    fn kode_unik_spreads_over_its_range() {
        // References of one day: the codes should not bunch up, or two
        // transfers of one amount would often share one.
        let mut seen = std::collections::HashSet::new();
        for i in 0..1000u32 {
            seen.insert(kode_unik(&format!("NTT-261205-{i:04}")));
        }
        assert!(seen.len() > 550, "only {} distinct codes of 1000", seen.len());
    }
}
