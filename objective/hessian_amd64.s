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
