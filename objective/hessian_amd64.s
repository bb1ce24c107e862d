//go:build amd64 && !purego

#include "textflag.h"

// func mul3x12AVX2(out *float64, ldo int, u0, u1, u2, w *float64, ldw, n int)
//
// out[a*ldo+b] = sum_{i<n} u_a[i] w[i*ldw+b] for a < 3, b < 12: mul3x12Go
// four lanes at a time, each lane's sum a multiply then an add per sample
// in sample order from zero (no fused multiply-add), so every lane rounds
// exactly as the Go loop does.
TEXT ·mul3x12AVX2(SB), NOSPLIT, $0-64
	MOVQ out+0(FP), AX
	MOVQ ldo+8(FP), BX
	MOVQ u0+16(FP), CX
	MOVQ u1+24(FP), DX
	MOVQ u2+32(FP), SI
	MOVQ w+40(FP), DI
	MOVQ ldw+48(FP), R8
	MOVQ n+56(FP), R9
	SHLQ $3, BX
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	XORQ R10, R10

loop:
	CMPQ R10, R9
	JGE  done
	VMOVUPD      (DI), Y9
	VMOVUPD      32(DI), Y10
	VMOVUPD      64(DI), Y11
	VBROADCASTSD (CX)(R10*8), Y12
	VMULPD       Y9, Y12, Y13
	VADDPD       Y13, Y0, Y0
	VMULPD       Y10, Y12, Y14
	VADDPD       Y14, Y1, Y1
	VMULPD       Y11, Y12, Y15
	VADDPD       Y15, Y2, Y2
	VBROADCASTSD (DX)(R10*8), Y12
	VMULPD       Y9, Y12, Y13
	VADDPD       Y13, Y3, Y3
	VMULPD       Y10, Y12, Y14
	VADDPD       Y14, Y4, Y4
	VMULPD       Y11, Y12, Y15
	VADDPD       Y15, Y5, Y5
	VBROADCASTSD (SI)(R10*8), Y12
	VMULPD       Y9, Y12, Y13
	VADDPD       Y13, Y6, Y6
	VMULPD       Y10, Y12, Y14
	VADDPD       Y14, Y7, Y7
	VMULPD       Y11, Y12, Y15
	VADDPD       Y15, Y8, Y8
	ADDQ         R8, DI
	INCQ         R10
	JMP          loop

done:
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	ADDQ    BX, AX
	VMOVUPD Y3, (AX)
	VMOVUPD Y4, 32(AX)
	VMOVUPD Y5, 64(AX)
	ADDQ    BX, AX
	VMOVUPD Y6, (AX)
	VMOVUPD Y7, 32(AX)
	VMOVUPD Y8, 64(AX)
	VZEROUPPER
	RET

// func wwWeights3AVX2(c, sp, b, q0, q1, q2 *float64, n int, sj, bj, y0, y1, y2 float64) int
//
// c[m] = sj*sp[m] * (q0[m]*y0 + q1[m]*y1 + q2[m]*y2 - bj*b[m]) for the
// whole blocks of 4 of the n elements: wwWeights3Go's operations in its
// order, no fused multiply-add, so every lane rounds as the Go loop does.
// Returns how many elements it did.
TEXT ·wwWeights3AVX2(SB), NOSPLIT, $0-104
	MOVQ         c+0(FP), DI
	MOVQ         sp+8(FP), SI
	MOVQ         b+16(FP), BX
	MOVQ         q0+24(FP), R12
	MOVQ         q1+32(FP), R13
	MOVQ         q2+40(FP), R14
	MOVQ         n+48(FP), R9
	VBROADCASTSD sj+56(FP), Y0
	VBROADCASTSD bj+64(FP), Y1
	VBROADCASTSD y0+72(FP), Y2
	VBROADCASTSD y1+80(FP), Y3
	VBROADCASTSD y2+88(FP), Y4
	XORQ         R10, R10

wloop:
	LEAQ    4(R10), R11
	CMPQ    R11, R9
	JGT     wdone
	VMULPD  (R12)(R10*8), Y2, Y5 // q0*y0
	VMULPD  (R13)(R10*8), Y3, Y6 // q1*y1
	VADDPD  Y6, Y5, Y5
	VMULPD  (R14)(R10*8), Y4, Y6 // q2*y2
	VADDPD  Y6, Y5, Y5
	VMULPD  (BX)(R10*8), Y1, Y6  // bj*b
	VSUBPD  Y6, Y5, Y5
	VMULPD  (SI)(R10*8), Y0, Y6  // sj*sp
	VMULPD  Y5, Y6, Y5
	VMOVUPD Y5, (DI)(R10*8)
	MOVQ    R11, R10
	JMP     wloop

wdone:
	VZEROUPPER
	MOVQ R10, ret+96(FP)
	RET
