;; Whether a file's head holds a byte no text has (see binary.ts, which copies the head to address 0 and calls it).
;; Regenerate binary-sniff-wasm.ts after editing: `npm run build:wasm`.
;;
;; A suspicious byte is a C0 control other than tab, line feed, vertical tab, form feed, carriage return and escape
;; (0x09-0x0d, 0x1b), or DEL (0x7f). Sixteen bytes are tested per step with SIMD: the loop in script, even a word at a
;; time, cost 3% of a secret search over a dependency tree, whose every file head it reads.
(module
  (memory (export "memory") 1)

  ;; 1 when a byte in [p, end) is suspicious, else 0.
  (func (export "suspicious") (param $p i32) (param $end i32) (result i32)
    (local $v v128) (local $b i32)
    (block $tail
      (loop $block
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (if (v128.any_true
              (v128.or
                (v128.andnot
                  (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
                  (v128.or
                    (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x09))) (i8x16.splat (i32.const 5)))
                    (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x1b)))))
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7f)))))
          (then (return (i32.const 1))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $block)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $p)))
        (if (i32.or
              (i32.and
                (i32.lt_u (local.get $b) (i32.const 0x20))
                (i32.and
                  (i32.ge_u (i32.sub (local.get $b) (i32.const 0x09)) (i32.const 5))
                  (i32.ne (local.get $b) (i32.const 0x1b))))
              (i32.eq (local.get $b) (i32.const 0x7f)))
          (then (return (i32.const 1))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $byte)))
    (i32.const 0))
)
