//! Bench: the flood simulated in virtual time, plus the CPU cost of `next()`.
//!
//! Run with `cargo bench -p kentongan-pace`. Prints two small tables.

#[path = "pace/burst.rs"]
mod burst;
#[path = "pace/cost.rs"]
mod cost;
#[path = "pace/rng.rs"]
mod rng;

fn main() {
    println!("Flood on one Telegram bot (Pace::telegram: 28/s + burst 2, per chat 1/s burst 3)");
    println!("closed loop: each citizen sends 10 messages; the next one comes 5-20 s after our reply");
    println!("{}", burst::Report::HEADER);
    for citizens in [2_000, 500, 300, 250, 100] {
        println!("{}", burst::simulate(citizens, 5_000, 0xB0B));
    }
    println!();
    println!("CPU cost per next() (real time, release build)");
    println!("{}", cost::Report::HEADER);
    for row in cost::measure() {
        println!("{row}");
    }
}
