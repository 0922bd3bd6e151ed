;; One read of a text's bytes for the secret search (see text-pass.ts, which lays out the memory and calls it): the
;; keyword automaton's search loop, and the search for runs of base64 characters.
;; Regenerate text-pass-wasm.ts after editing: `npm run build:wasm`.
;;
;; Memory, from address 0:
;;   256 bytes   the class of each byte value, times 4: the byte offset of its column in a row
;;   table       from address 256, one i32 per (state, class): the next state's row, as a byte offset from 256
;;   ...         hit and run lists, the base64 alphabet, and the text, wherever the caller puts them
;; A step is written out wherever it is taken (a table load at the state's row plus the byte's column), not called: V8
;; does not inline WebAssembly functions in every version we support.
;; A hit is two i32s: the address of the byte that completed a keyword, and the state reached there (a row offset).
;; States from `firstHit` on are those where a keyword ends.
(module
  (memory (export "memory") 1)

  ;; Where each lane's hit list ended after the last `search4`.
  (global $end0 (export "end0") (mut i32) (i32.const 0))
  (global $end1 (export "end1") (mut i32) (i32.const 0))
  (global $end2 (export "end2") (mut i32) (i32.const 0))
  (global $end3 (export "end3") (mut i32) (i32.const 0))

  ;; The state reached by reading [p, end) from the root, recording nothing: where a lane starts.
  (func (export "warm") (param $p i32) (param $end i32) (result i32)
    (local $state i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $state (i32.load offset=256 (i32.add (local.get $state) (i32.load8_u (i32.load8_u (local.get $p))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $state))

  ;; One pass over [p, end) from `state`, hits appended at `hits`; returns where the hit list ends.
  (func (export "search1") (param $p i32) (param $end i32) (param $state i32) (param $firstHit i32) (param $hits i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $state (i32.load offset=256 (i32.add (local.get $state) (i32.load8_u (i32.load8_u (local.get $p))))))
        (if (i32.ge_u (local.get $state) (local.get $firstHit))
          (then
            (i32.store (local.get $hits) (local.get $p))
            (i32.store offset=4 (local.get $hits) (local.get $state))
            (local.set $hits (i32.add (local.get $hits) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $hits))

  ;; Four passes side by side over [p + k*q, p + (k+1)*q) for lanes k = 0..3, each from its own state and with its own
  ;; hit list: each step waits on its table load, and four independent chains let the processor overlap them. The lists'
  ;; ends are left in end0..end3; returns lane 3's last state, from which the caller reads the rest of the text.
  (func (export "search4")
    (param $p i32) (param $q i32)
    (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $s3 i32)
    (param $firstHit i32)
    (param $h0 i32) (param $h1 i32) (param $h2 i32) (param $h3 i32)
    (result i32)
    (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $end i32)
    (local.set $p1 (i32.add (local.get $p) (local.get $q)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $q)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $q)))
    (local.set $end (local.get $p1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s0 (i32.load offset=256 (i32.add (local.get $s0) (i32.load8_u (i32.load8_u (local.get $p))))))
        (local.set $s1 (i32.load offset=256 (i32.add (local.get $s1) (i32.load8_u (i32.load8_u (local.get $p1))))))
        (local.set $s2 (i32.load offset=256 (i32.add (local.get $s2) (i32.load8_u (i32.load8_u (local.get $p2))))))
        (local.set $s3 (i32.load offset=256 (i32.add (local.get $s3) (i32.load8_u (i32.load8_u (local.get $p3))))))
        ;; At least one lane is at a hit only if the largest state is, and the OR of the states is at least the largest:
        ;; one test per step, the exact ones only when it passes.
        (if (i32.ge_u (i32.or (i32.or (local.get $s0) (local.get $s1)) (i32.or (local.get $s2) (local.get $s3))) (local.get $firstHit))
          (then
            (if (i32.ge_u (local.get $s0) (local.get $firstHit))
              (then
                (i32.store (local.get $h0) (local.get $p))
                (i32.store offset=4 (local.get $h0) (local.get $s0))
                (local.set $h0 (i32.add (local.get $h0) (i32.const 8)))))
            (if (i32.ge_u (local.get $s1) (local.get $firstHit))
              (then
                (i32.store (local.get $h1) (local.get $p1))
                (i32.store offset=4 (local.get $h1) (local.get $s1))
                (local.set $h1 (i32.add (local.get $h1) (i32.const 8)))))
            (if (i32.ge_u (local.get $s2) (local.get $firstHit))
              (then
                (i32.store (local.get $h2) (local.get $p2))
                (i32.store offset=4 (local.get $h2) (local.get $s2))
                (local.set $h2 (i32.add (local.get $h2) (i32.const 8)))))
            (if (i32.ge_u (local.get $s3) (local.get $firstHit))
              (then
                (i32.store (local.get $h3) (local.get $p3))
                (i32.store offset=4 (local.get $h3) (local.get $s3))
                (local.set $h3 (i32.add (local.get $h3) (i32.const 8)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 1)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 1)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 1)))
        (br $next)))
    (global.set $end0 (local.get $h0))
    (global.set $end1 (local.get $h1))
    (global.set $end2 (local.get $h2))
    (global.set $end3 (local.get $h3))
    (local.get $s3))

;; Every maximal run of base64 characters (A-Z a-z 0-9 + / _ -) in [p, end) at least `min` long (31 or more), appended
  ;; at `out` as three i32s: its start and end address, and what `sniff` says of its first 64 characters. Any 31 bytes
  ;; in a row hold a whole 16-byte block on a 16-byte boundary, so only a block of nothing but base64 is walked out
  ;; from, byte by byte through the 256-byte table at `alphabet` (a base64 byte's value plus one, else 0): in source
  ;; code, one block in thirty. Returns where the list ends.
  (func (export "runs") (param $p i32) (param $end i32) (param $alphabet i32) (param $min i32) (param $out i32) (result i32)
    (local $block i32) (local $start i32) (local $stop i32) (local $v v128)
    (local.set $block (i32.and (i32.add (local.get $p) (i32.const 15)) (i32.const -16)))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $block) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $block)))
        ;; A byte is base64 when its low nibble's bits (first table) and its high nibble's bit (second) meet: the high
        ;; nibble picks the set of low nibbles base64 has in that row of the byte table (2: + - /, 3: 0-9, 4 and 6: A-O
        ;; and a-o, 5: P-Z and _, 7: p-z), one bit each.
        (if (i8x16.all_true
              (v128.and
                (i8x16.swizzle (v128.const i8x16 26 30 30 30 30 30 30 30 30 30 28 5 4 5 4 13) (v128.and (local.get $v) (i8x16.splat (i32.const 15))))
                (i8x16.swizzle (v128.const i8x16 0 0 1 2 4 8 4 16 0 0 0 0 0 0 0 0) (i8x16.shr_u (local.get $v) (i32.const 4)))))
          (then
            (local.set $start (local.get $block))
            (block $back
              (loop $step
                (br_if $back (i32.le_u (local.get $start) (local.get $p)))
                (br_if $back (i32.eqz (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u (i32.sub (local.get $start) (i32.const 1)))))))
                (local.set $start (i32.sub (local.get $start) (i32.const 1)))
                (br $step)))
            (local.set $stop (i32.add (local.get $block) (i32.const 16)))
            (block $forward
              (loop $step
                (br_if $forward (i32.ge_u (local.get $stop) (local.get $end)))
                (br_if $forward (i32.eqz (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u (local.get $stop))))))
                (local.set $stop (i32.add (local.get $stop) (i32.const 1)))
                (br $step)))
            (if (i32.ge_u (i32.sub (local.get $stop) (local.get $start)) (local.get $min))
              (then
                (i32.store (local.get $out) (local.get $start))
                (i32.store offset=4 (local.get $out) (local.get $stop))
                (i32.store offset=8 (local.get $out)
                  (call $sniff (local.get $start) (select (i32.sub (local.get $stop) (local.get $start)) (i32.const 64) (i32.lt_u (i32.sub (local.get $stop) (local.get $start)) (i32.const 64))) (local.get $alphabet)))
                (local.set $out (i32.add (local.get $out) (i32.const 12)))))
            ;; The byte at `stop` is not base64 (or is the end): the next run starts after it.
            (local.set $block (i32.and (i32.add (local.get $stop) (i32.const 16)) (i32.const -16))))
          (else (local.set $block (i32.add (local.get $block) (i32.const 16)))))
        (br $next)))
    (local.get $out))

  ;; The first `n` (at most 64) characters at `p`, base64 decoded as Node decodes them (both alphabets; a last lone
  ;; character adds nothing) into the 48 bytes after the alphabet table, then judged as looksBinary judges bytes (see
  ;; sources/binary.ts): a UTF-16 byte-order mark is text; a NUL, or more than a tenth of the bytes C0 controls other
  ;; than 09-0d and 1b, DEL, or a byte starting no UTF-8 sequence, is binary. Returns the decoded length times two, plus
  ;; one when binary: the caller charges the length to its decode budget as if it had decoded them itself.
  (func $sniff (param $p i32) (param $n i32) (param $alphabet i32) (result i32)
    (local $bytes i32) (local $length i32) (local $quad i32) (local $i i32) (local $byte i32) (local $count i32)
    (local $sequence i32) (local $k i32)
    (local.set $bytes (i32.add (local.get $alphabet) (i32.const 256)))
    ;; Four characters make three bytes. The table holds each value plus one: the four ones are taken off at once.
    (block $whole
      (loop $four
        (br_if $whole (i32.lt_u (local.get $n) (i32.const 4)))
        (local.set $quad
          (i32.sub
            (i32.add
              (i32.add (i32.shl (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u (local.get $p)))) (i32.const 18)) (i32.shl (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u offset=1 (local.get $p)))) (i32.const 12)))
              (i32.add (i32.shl (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u offset=2 (local.get $p)))) (i32.const 6)) (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u offset=3 (local.get $p))))))
            (i32.const 0x41041)))
        (i32.store8 (i32.add (local.get $bytes) (local.get $length)) (i32.shr_u (local.get $quad) (i32.const 16)))
        (i32.store8 offset=1 (i32.add (local.get $bytes) (local.get $length)) (i32.shr_u (local.get $quad) (i32.const 8)))
        (i32.store8 offset=2 (i32.add (local.get $bytes) (local.get $length)) (local.get $quad))
        (local.set $length (i32.add (local.get $length) (i32.const 3)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $four)))
    ;; Two or three left make one or two bytes; one alone makes none.
    (if (i32.ge_u (local.get $n) (i32.const 2))
      (then
        (local.set $quad
          (i32.sub
            (i32.add (i32.shl (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u (local.get $p)))) (i32.const 18)) (i32.shl (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u offset=1 (local.get $p)))) (i32.const 12)))
            (i32.const 0x41000)))
        (i32.store8 (i32.add (local.get $bytes) (local.get $length)) (i32.shr_u (local.get $quad) (i32.const 16)))
        (local.set $length (i32.add (local.get $length) (i32.const 1)))
        (if (i32.eq (local.get $n) (i32.const 3))
          (then
            (local.set $quad (i32.add (local.get $quad) (i32.shl (i32.sub (i32.load8_u (i32.add (local.get $alphabet) (i32.load8_u offset=2 (local.get $p)))) (i32.const 1)) (i32.const 6))))
            (i32.store8 (i32.add (local.get $bytes) (local.get $length)) (i32.shr_u (local.get $quad) (i32.const 8)))
            (local.set $length (i32.add (local.get $length) (i32.const 1)))))))
    (local.set $length (i32.shl (local.get $length) (i32.const 1)))
    ;; From here on `length` is doubled; `bytes` holds length / 2 of them.
    (if (i32.ge_u (local.get $length) (i32.const 4))
      (then
        (local.set $byte (i32.load16_u (local.get $bytes)))
        (if (i32.or (i32.eq (local.get $byte) (i32.const 0xfeff)) (i32.eq (local.get $byte) (i32.const 0xfffe)))
          (then (return (local.get $length))))))
    (block $counted
      (loop $next
        (br_if $counted (i32.ge_u (local.get $i) (i32.shr_u (local.get $length) (i32.const 1))))
        (local.set $byte (i32.load8_u (i32.add (local.get $bytes) (local.get $i))))
        (if (i32.eqz (local.get $byte)) (then (return (i32.or (local.get $length) (i32.const 1)))))
        (if (i32.lt_u (local.get $byte) (i32.const 0x20))
          (then
            (if (i32.and (i32.ge_u (i32.sub (local.get $byte) (i32.const 0x09)) (i32.const 5)) (i32.ne (local.get $byte) (i32.const 0x1b)))
              (then (local.set $count (i32.add (local.get $count) (i32.const 1))))))
          (else
            (if (i32.eq (local.get $byte) (i32.const 0x7f))
              (then (local.set $count (i32.add (local.get $count) (i32.const 1))))
              (else
                (if (i32.ge_u (local.get $byte) (i32.const 0x80))
                  (then
                    ;; The length of the UTF-8 sequence this byte starts, 0 when it starts none or a byte after it
                    ;; (within the bytes) is no continuation.
                    (local.set $sequence
                      (select (i32.const 2)
                        (select (i32.const 3)
                          (select (i32.const 4) (i32.const 0) (i32.and (i32.ge_u (local.get $byte) (i32.const 0xf0)) (i32.le_u (local.get $byte) (i32.const 0xf4))))
                          (i32.and (i32.ge_u (local.get $byte) (i32.const 0xe0)) (i32.le_u (local.get $byte) (i32.const 0xef))))
                        (i32.and (i32.ge_u (local.get $byte) (i32.const 0xc2)) (i32.le_u (local.get $byte) (i32.const 0xdf)))))
                    (local.set $k (i32.const 1))
                    (block $checked
                      (loop $continuation
                        (br_if $checked (i32.ge_u (local.get $k) (local.get $sequence)))
                        (if (i32.lt_u (i32.add (local.get $i) (local.get $k)) (i32.shr_u (local.get $length) (i32.const 1)))
                          (then
                            (if (i32.ne (i32.and (i32.load8_u (i32.add (local.get $bytes) (i32.add (local.get $i) (local.get $k)))) (i32.const 0xc0)) (i32.const 0x80))
                              (then
                                (local.set $sequence (i32.const 0))
                                (br $checked)))))
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (br $continuation)))
                    (if (i32.eqz (local.get $sequence))
                      (then (local.set $count (i32.add (local.get $count) (i32.const 1))))
                      (else (local.set $i (i32.add (local.get $i) (i32.sub (local.get $sequence) (i32.const 1))))))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    ;; More than a tenth: count * 10 > bytes, with `length` twice the bytes.
    (i32.or (local.get $length) (i32.gt_u (i32.mul (local.get $count) (i32.const 20)) (local.get $length))))
)
