#include "packet.h"

#include <algorithm>

namespace gw::tdsdev {

bool PacketWriter::send_packet(const uint8_t* payload, size_t n, bool last) {
  if (!ok_) return false;
  std::vector<uint8_t> pkt;
  pkt.reserve(n + kHeaderSize);
  size_t len = n + kHeaderSize;
  pkt.push_back(kPacketReply);
  pkt.push_back(last ? kStatusEom : 0);
  pkt.push_back(static_cast<uint8_t>(len >> 8));
  pkt.push_back(static_cast<uint8_t>(len & 0xFF));
  pkt.push_back(0);  // SPID (big-endian); clients ignore it
  pkt.push_back(0x33);
  pkt.push_back(packet_id_++);
  pkt.push_back(0);
  pkt.insert(pkt.end(), payload, payload + n);
  ok_ = send_(pkt.data(), pkt.size());
  return ok_;
}

bool PacketWriter::flush_full() {
  size_t payload = packet_size_ - kHeaderSize;
  auto& data = buffer_.data();
  size_t off = 0;
  // Keep at least one byte so end() always has something to carry the EOM bit.
  while (data.size() - off > payload) {
    if (!send_packet(data.data() + off, payload, false)) break;
    off += payload;
  }
  data.erase(data.begin(), data.begin() + static_cast<long>(off));
  if (!ok_) data.clear();
  return ok_;
}

bool PacketWriter::end() {
  flush_full();
  auto& data = buffer_.data();
  bool r = send_packet(data.data(), data.size(), true);
  data.clear();
  packet_id_ = 1;
  return r;
}

bool MessageAssembler::feed(const uint8_t* p, size_t n) {
  pending_.insert(pending_.end(), p, p + n);
  while (pending_.size() >= kHeaderSize) {
    size_t len = (static_cast<size_t>(pending_[2]) << 8) | pending_[3];
    if (len < kHeaderSize) return false;
    if (pending_.size() < len) break;
    uint8_t type = pending_[0];
    bool eom = (pending_[1] & kStatusEom) != 0;
    if (current_.payload.empty()) {
      current_.type = type;
      current_.reset_connection = (pending_[1] & 0x18) != 0;
    }
    if (current_.payload.size() > kMaxMessageBytes) return false;
    current_.payload.insert(current_.payload.end(), pending_.begin() + kHeaderSize,
                            pending_.begin() + static_cast<long>(len));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(len));
    if (eom) {
      done_.push_back(std::move(current_));
      current_ = Message{};
    }
  }
  return true;
}

bool MessageAssembler::next(Message& m) {
  if (done_.empty()) return false;
  m = std::move(done_.front());
  done_.erase(done_.begin());
  return true;
}

bool MessageAssembler::has_attention() {
  return std::any_of(done_.begin(), done_.end(),
                     [](const Message& m) { return m.type == kPacketAttention; });
}

}  // namespace gw::tdsdev
